// Strings of the admin's JavaScript (django/contrib/admin/static/admin/js/SelectFilter2.js,
// Django 5.2) that Django's Simplified Chinese djangojs catalogue lacks. Never loaded by a
// page: `makemessages -d djangojs` reads this file, so the project's djangojs catalogue keeps
// them, and the admin's JavaScript catalogue (admin:jsi18n) reads the project's locale first.
gettext_noop('Choose %s by selecting them and then select the "Choose" arrow button.');
gettext_noop("Choose all %s");
gettext_noop("Choose selected %s");
gettext_noop("Remove selected %s");
gettext_noop('Remove %s by selecting them and then select the "Remove" arrow button.');
gettext_noop("(click to clear)");
gettext_noop("Remove all %s");
// Translated by Django's catalogue with half-width punctuation, or with a space inside
// Chinese ("可用 计票人").
gettext_noop("Available %s");
gettext_noop("Chosen %s");
gettext_noop("You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.");
