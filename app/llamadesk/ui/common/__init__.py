"""What every part of the window shares: the application's look (style, palette mixing,
line icons), the core's sentences in the user's language, the notice bar, and the one
way to run work off the GUI thread."""

from llamadesk.ui.common.core_texts import shown_meta, translated
from llamadesk.ui.common.icons import icon
from llamadesk.ui.common.notice_bar import NoticeBar
from llamadesk.ui.common.style import apply_style, force_color_scheme, is_dark, mix
from llamadesk.ui.common.tasks import TaskRunner, error_message
from llamadesk.ui.common.verdicts import verdict_colour, verdict_text
from llamadesk.ui.common.wheel import wheel_only_when_focused

__all__ = [
    "NoticeBar",
    "TaskRunner",
    "apply_style",
    "error_message",
    "force_color_scheme",
    "icon",
    "is_dark",
    "mix",
    "shown_meta",
    "translated",
    "verdict_colour",
    "verdict_text",
    "wheel_only_when_focused",
]
