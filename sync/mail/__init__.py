"""Email to clients and therapists: composing messages with calendar invites, and SMTP."""
