"""The one spacing grid: every margin, gap and corner of the window is one of these (px).

A 4 px step: parts of one control sit ``TIGHT`` apart, controls ``GAP`` apart, cards and
panels keep ``MARGIN`` inside and between them, the chat column and groups ``WIDE``, and
a page of the model manager ``PAGE`` from the window's edge.
"""

HAIRLINE = 2  # a title and its subtitle
TIGHT = 4  # an icon and its label, buttons of one group
GAP = 8  # between controls
MARGIN = 12  # inside cards and panels, between sections
WIDE = 16  # around the message box, between groups
PAGE = 24  # around a page

RADIUS_SMALL = 6  # buttons, fields, drop-downs
RADIUS = 8  # cards, lists, menus
RADIUS_LARGE = 12  # the message box
