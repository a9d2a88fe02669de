"""Demo data: the fictitious DigiTV organisation and EPJ requirements (`kravbot demo-data`)."""
