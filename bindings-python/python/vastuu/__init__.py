from ._vastuu import *  # noqa: F401,F403
from ._enums import *  # noqa: F401,F403
from ._errors import *  # noqa: F401,F403
