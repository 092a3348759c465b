"""Report review (督察): read and check 法治政府建设 reports. The engine imports no Django."""
