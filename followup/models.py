"""Follow-up reports (tjänsteutlåtanden). The models arrive with the reports issue."""
