"""The demos' models.

- ``Message``: the chat's messages, so several server processes share them (and the consumers
  show that database access works from websocket handlers).
- ``Order``: what ``/reliable/`` places, one row per click, per visitor (session).
- ``PrivateNote``: ``/private/``'s notes, each visible to its owner only.
- ``Booking``: what ``/forms/`` books through a Django ``ModelForm``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

__all__ = ["Booking", "Message", "Order", "PrivateNote"]


class Message(models.Model):
    author = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.author}: {self.text}"


class Order(models.Model):
    session_key = models.CharField(max_length=40, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"order {self.pk} at {self.created:%H:%M:%S}"


class PrivateNote(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.text


class Booking(models.Model):
    ROOMS = (("small", "Small room (4)"), ("hall", "Hall (40)"), ("garden", "Garden"))

    title = models.CharField(max_length=80)
    day = models.DateField(null=True, blank=True, help_text="Leave empty if not decided yet.")
    seats = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(40)])
    room = models.CharField(max_length=10, choices=ROOMS, default="small")

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title
