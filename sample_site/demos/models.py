"""The chat demo's messages: a model, so several server processes share them (and the
consumers show that database access works from websocket handlers)."""

from __future__ import annotations

from django.db import models

__all__ = ["Message"]


class Message(models.Model):
    author = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.author}: {self.text}"
