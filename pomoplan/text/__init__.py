"""Text for people: translations and making user text safe to show."""
