from .budgets import BudgetWarning, PhaseBudget, Spending
from .collaboration import Comment, Document, DocumentVersion
from .experts import ExpertProfile
from .lean import Experiment, GateDecision, Hypothesis, Learning, Method
from .project import Membership, Project, ProjectQuerySet, TestSite

__all__ = [
    "BudgetWarning",
    "Comment",
    "Document",
    "DocumentVersion",
    "Experiment",
    "ExpertProfile",
    "GateDecision",
    "Hypothesis",
    "Learning",
    "Membership",
    "Method",
    "PhaseBudget",
    "Project",
    "ProjectQuerySet",
    "Spending",
    "TestSite",
]
