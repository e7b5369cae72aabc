"""The Intake screen: the wizard that takes (or refuses) an application at the counter."""
