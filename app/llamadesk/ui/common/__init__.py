"""What every part of the window shares: the application's look (style, palette mixing,
line icons), the core's sentences in the user's language, the notice bar, and the one
way to run work off the GUI thread, and files dropped on the window."""

from llamadesk.ui.common.core_texts import shown_meta, translated
from llamadesk.ui.common.file_drops import FileDrops, local_files
from llamadesk.ui.common.icons import icon
from llamadesk.ui.common.notice_bar import NoticeBar
from llamadesk.ui.common.style import apply_style, force_color_scheme, is_dark, mix
from llamadesk.ui.common.tasks import TaskRunner, error_message
from llamadesk.ui.common.wheel import wheel_only_when_focused

__all__ = [
    "FileDrops",
    "NoticeBar",
    "TaskRunner",
    "apply_style",
    "error_message",
    "force_color_scheme",
    "icon",
    "is_dark",
    "local_files",
    "mix",
    "shown_meta",
    "translated",
    "wheel_only_when_focused",
]
