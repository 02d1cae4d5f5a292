"""Real-time chat: Channels consumers, routing, message store and moderation pipeline."""
