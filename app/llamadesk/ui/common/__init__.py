"""What every part of the window shares: the application's look (colours, style, line
icons) and language (switched while it runs), the core's sentences in the user's language,
the notice bar, the one way to run work off the GUI thread, and files dropped on the window."""

from llamadesk.ui.common import spacing
from llamadesk.ui.common.colours import Colours, contrast_ratio, is_dark, mix, readable
from llamadesk.ui.common.core_texts import shown_meta, translated
from llamadesk.ui.common.file_drops import FileDrops, local_files
from llamadesk.ui.common.icons import icon
from llamadesk.ui.common.language import install_translations
from llamadesk.ui.common.notice_bar import NoticeBar
from llamadesk.ui.common.style import apply_style, set_appearance
from llamadesk.ui.common.tasks import TaskRunner, error_message
from llamadesk.ui.common.verdicts import verdict_colour, verdict_text
from llamadesk.ui.common.wheel import wheel_only_when_focused

__all__ = [
    "Colours",
    "FileDrops",
    "NoticeBar",
    "TaskRunner",
    "apply_style",
    "contrast_ratio",
    "error_message",
    "icon",
    "install_translations",
    "is_dark",
    "local_files",
    "mix",
    "readable",
    "set_appearance",
    "shown_meta",
    "spacing",
    "translated",
    "verdict_colour",
    "verdict_text",
    "wheel_only_when_focused",
]
