"""The proposals' own pages, by who uses them: delegates (`delegates`), handling units
(`units`), and the letters, attachments and public list any of them may read (`documents`).
The office works in the admin (admin.py, admin_queues.py, admin_statistics.py)."""
