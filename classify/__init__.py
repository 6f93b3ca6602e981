"""Claims and evidence → observation points; support verdicts; audit checks → findings."""
