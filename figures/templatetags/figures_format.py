"""A figure for reading: "1.384", "42,50" in Vietnamese; "–" when nothing was entered
(cchc/formatting.py figure, registered as a filter)."""

from django import template

from cchc.formatting import figure

register = template.Library()

register.filter("figure", figure)
