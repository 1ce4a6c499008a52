from .binding import MetricBinding
from .survey import Answer, InvitationCode, ParticipationForm, Question, Response

__all__ = ["Answer", "InvitationCode", "MetricBinding", "ParticipationForm", "Question", "Response"]
