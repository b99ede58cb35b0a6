"""Visibility rules of follow-up reports, as QuerySet methods.

A report belongs to the kommun of the promise it follows up. Its coordinators (samordnare) see and
write every report, drafts included: they prepare them. The committee secretary (sekreterare) of the
kommun, and the police contacts whose area covers it, read the issued reports (and the versions a
correction has replaced), never a draft: a draft is work in progress, not a document.
"""

from django.db import models

from promises.querysets import COORDINATOR, POLICE, SECRETARY, municipality_ids

MUNICIPALITY = "promise__agreement__municipality_id__in"


class ReportQuerySet(models.QuerySet):
    def in_reach_of(self, user):
        """Every report, drafts included, of the kommuner whose chains the user may read.

        Used before a write to tell an outsider (404) from a read-only role (403): someone who
        already sees the kommun's chain learns nothing new from a 403.
        """
        return self.filter(**{MUNICIPALITY: municipality_ids(user)})

    def visible_to(self, user):
        """Coordinators see all of their kommun's reports; secretaries and police contacts see the
        issued ones (and the versions that corrections replaced)."""
        coordinated = models.Q(**{MUNICIPALITY: municipality_ids(user, roles=(COORDINATOR,))})
        readers = models.Q(
            models.Q(**{MUNICIPALITY: municipality_ids(user, roles=(SECRETARY, POLICE))}),
            ~models.Q(status=self.model.Status.DRAFT),
        )
        return self.filter(coordinated | readers)

    def editable_by(self, user):
        """Only the kommun's coordinators draft, edit, issue and correct reports."""
        return self.filter(**{MUNICIPALITY: municipality_ids(user, roles=(COORDINATOR,))})

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def issued(self):
        """Issued documents, including versions that a later correction superseded."""
        return self.exclude(status=self.model.Status.DRAFT)
