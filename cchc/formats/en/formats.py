# English UI for Vietnamese agencies: keep dd/mm/yyyy, English number punctuation.

from cchc import formatting

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
DATE_INPUT_FORMATS = [formatting.DATE_FORMAT, "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    formatting.DATETIME_FORMAT,
    f"{formatting.DATETIME_FORMAT}:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
