"""Django's own strings that its Simplified Chinese catalogue lacks, and the admin's few words
that are not translatable at all.

The project's catalogue (locale/) is read before Django's, so a msgid listed here and translated
there fills the gap; gettext_noop only marks the strings for makemessages (Django translates
them where it uses them). The admin's JavaScript strings are in admin_strings.js beside this
module, for the djangojs catalogue. Checked against Django 5.2's catalogues by
tests/core/test_language_screens.py, which fails when a Django upgrade adds another gap.
"""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MSGIDS = [
    # The admin's index and sidebar: headers read only by screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # Change forms, the admin's sign-in page, the users' pages.
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
]
# Django's strings that its Chinese catalogue translates with half-width punctuation (user
# text in Chinese takes full-width ：，（）？“”), the form label suffix ":" first: "用户名：";
# and one it translates wrongly ("Delete selected %(model)s" as "取消选中", deselect).
DJANGO_HALF_WIDTH_MSGIDS = [
    gettext_noop(":"),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that "
        "both fields may be case-sensitive."
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Server error (500)"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    gettext_noop("(Hidden field %(name)s) %(error)s"),
    gettext_noop("Invalid page (%(page_number)s): %(message)s"),
    gettext_noop("Set password: %s"),
]
DJANGO_PLURAL_MSGIDS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ),
]

# The admin writes True / False / None as the text of its yes-no icons, untranslated.
BOOLEAN_ICON_TEXT = {True: _("Yes"), False: _("No"), None: _("Unknown")}


def boolean_icon(value):
    """The admin's yes-no icon (admin_list._boolean_icon) with its text in the reader's
    language."""
    name = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), BOOLEAN_ICON_TEXT[value]
    )


def install_boolean_icon():
    """Django's admin builds the icon in one private function, imported where it is used (list
    cells, read-only fields), so replacing it there covers every page; no public setting says
    what the icon's text is."""
    from django.contrib.admin.templatetags import admin_list

    admin_list._boolean_icon = boolean_icon
