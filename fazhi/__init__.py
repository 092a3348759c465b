"""法治卫健 (Fazhi): rule-of-law work platform for health commissions."""
