"""What was read, on real Open Terms Archive documents."""

from __future__ import annotations



def test_the_issues_ota_documents(ota_dir):
    """French Airbnb terms are not graded; Discord's "We don’t sell your personal information" is a "no"."""
    from contractlens import analyze

    airbnb = analyze(str(ota_dir / "versions" / "Airbnb" / "Terms of Service.md"))
    assert airbnb.grade is None and airbnb.coverage.note.startswith("Not graded: contractlens does not read French")
    assert not airbnb.findings
    discord = analyze(str(ota_dir / "versions" / "Discord" / "Privacy Policy.md"))
    sell = {row["key"]: row for row in discord.extras["data_practices"]}["sell"]
    assert sell["answer"] == "no" and "don’t sell" in sell["quote"]
    assert not [f for f in discord.findings_of("flag") if f.label == "sale" and f.polarity == "does"]
