"""Dialogs and pages that stand apart from the editing: about, help, welcome, preferences, link, import report."""
