"""Rules that come from regulation: retention, site restrictions, filing threshold. No Qt."""
