"""The domain: rules, statuses, validators, calendar, IIN, phone, texts, the law loader. No storage, no Qt."""
