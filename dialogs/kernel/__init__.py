"""The shared kernel of the workflows: turns in and out, the context, errors, card fields, the
language rule, delivery through the outbox, timers, working days, and the registry of workflows."""
