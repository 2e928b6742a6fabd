"""`learnhub transcript EMPLOYEE_NO`: a member's transcript as a PDF, CSV or JSON file.

The PDF issues a document like a download does (its code is verifiable); its QR code
points at LEARNHUB_BASE_URL, which a CLI run has no request to take a host from.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.transcripts.documents import services as documents
from learnhub.transcripts.documents.transcript_pdf import transcript_pdf
from learnhub.transcripts.transcript.exports import transcript_csv, transcript_json
from learnhub.transcripts.transcript.services import build_transcript


@click.command("transcript")
@click.argument("employee_no")
@click.option("--year", type=click.IntRange(1900, 9999), default=None,
              help="The year (default: all years).")
@click.option("--format", "file_format", type=click.Choice(["pdf", "csv", "json"]),
              default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the file (default: transcript-<no>-<year>.<format>).")
@with_appcontext
def transcript_command(employee_no: str, year: int | None, file_format: str,
                       output: Path | None) -> None:
    """Write a member's learning transcript (docs/transcripts.md)."""
    member = db.session.scalar(select(Member).where(Member.employee_no == employee_no))
    if member is None:
        click.echo(f"{employee_no}: 找不到该工号的成员。", err=True)
        sys.exit(1)
    transcript = build_transcript(member, year)
    if file_format == "pdf":
        if not current_app.config.get("BASE_URL"):
            click.echo("Warning: LEARNHUB_BASE_URL is not set; the QR code holds the path "
                       "/verify/<code> only.", err=True)
        document = documents.issue_transcript(transcript, actor=None, now=now_utc())
        data = transcript_pdf(transcript, document)
    else:
        data = transcript_csv(transcript) if file_format == "csv" else transcript_json(transcript)
    target = output or Path(f"transcript-{employee_no}-{year or 'all'}.{file_format}")
    target.write_bytes(data)
    db.session.commit()
    click.echo(f"{target}: {member.name}（{employee_no}）{year or 'all'}, "
               f"{documents.transcript_summary(transcript)['earned']}")
