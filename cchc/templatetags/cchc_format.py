"""The formatting of cchc/formatting.py for templates: "51,95%", "1.384", "30/06/2026" and
"Hoàn thành 40/77 nhiệm vụ, đạt 51,95%". Nothing is formatted here, only registered."""

from django import template

from cchc.formatting import file_size, headline, minutes, percent, points, points_total, vn_int

register = template.Library()

register.filter("vn_int", vn_int)
register.filter("percent", percent)
register.filter("minutes", minutes)
register.filter("file_size", file_size)
register.filter("points", points)
register.filter("points_total", points_total)
# {% headline c.completed c.total c.rate %}
register.simple_tag(headline, name="headline")
