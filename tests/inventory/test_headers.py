"""METADATA headers without `email` (inventory/headers.py) give what `email` gives."""

from __future__ import annotations

import random
from email.parser import BytesHeaderParser

import pytest

from licscan.inventory.headers import header_items


def _email(data: bytes) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in BytesHeaderParser().parsebytes(data).items()]


CASES = [
    b"",
    b"\n",
    b"Metadata-Version: 2.1\nName: pip\nVersion: 24.0\n\nThe body: not a header\n",
    b"Name: a\r\nVersion: 1\r\n\r\nbody",
    b"Name: a\rVersion: 1\r\rbody",
    b"Name: no newline at the end",
    b"Name:   spaces\t \nSummary:\n",
    b"Description: one\n  two\n\tthree\n\n",
    b"Description: one\r\n  two\r\n",
    b" leading continuation\nName: x\n",
    b"From someone Mon Jan  1\nName: x\n",
    b"Name: x\nFrom the middle\nVersion: 1\n",
    b"Name: x\nFrom the end",
    b"Name: x\nFrom the end\n",
    b"From only\n",
    b": no name\nName: x\n",
    b"Name: x\nnot a header line\nVersion: 1\n",
    b"Name x\nVersion: 1\n",
    b"Bad Name: x\n",
    b"Name: x\n: nameless\n  continued\nVersion: 2\n",
    b"Name: a: b: c\n",
    b"Name:\n",
    b"Name:x\n",
    b"Classifier: A\nClassifier: B\nclassifier: C\n",
    b"Name: x\n\x0cVersion: 1\n",
    b"Name: x\x0bstill\nVersion: 1\x1c\n",
    b"Name: x\n\n\nVersion: 1\n",
    b"Author: Zo\xc3\xab\nName: x\n",  # not ASCII: email itself
    b"Author: \xff\xfe\nName: x\n",
]


@pytest.mark.parametrize("data", CASES)
def test_headers_are_what_email_reads(data: bytes) -> None:
    assert header_items(data) == _email(data)


def test_random_messages_read_as_email_reads_them() -> None:
    pieces = [
        "Name", "Version", "From ", "From", ":", " ", "\t", "\n", "\r", "\r\n", "x", "a b",
        "License-Expression", "~", "!", "\x0c", "-", "\x00",
    ]  # fmt: skip
    rng = random.Random(10)
    for _ in range(3000):
        data = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))).encode()
        assert header_items(data) == _email(data), data
