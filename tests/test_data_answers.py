"""The data answers a person reads are about the person's data (issue 18's examples, one
paragraph each, through the whole flow), and the labelled-set evaluation that measures them."""

from __future__ import annotations


import json

import pytest
from click.testing import CliRunner

import contractlens
from contractlens.cli import main
from contractlens.training.datasets.data_answers import (
    clause_sha1, document_path, finding_answer, load_set, locate, normalised_words, opp115_policies,
)
from contractlens.classify.flag_semantics import about_persons_data, reading
from contractlens.classify.statements import is_statement
from contractlens.classify.unfair_rules import users_own_right
from contractlens.errors import InputError
from contractlens.types import Clause


# A neutral opening paragraph: a document needs some length to count as legal text.
PREAMBLE = ("These terms of service and this privacy policy form an agreement between you and the company about "
            "the services, your account, your personal data and your rights under applicable law.\n\n")


# The rules' readings without the learned answer check on top (tests/test_answer_check.py tests it):
# a one-sentence example is what the rules must read right; the check is measured on real clauses.
RULES = ("unfair", "practices")


def _analyse(tmp_path, text: str, models=None):
    path = tmp_path / "doc.txt"
    path.write_text(PREAMBLE + text, encoding="utf-8")
    return contractlens.analyze(str(path), lang="en", **({"models": models} if models else {}))


def _answers(tmp_path, text: str, models=None) -> dict[str, str]:
    return {row["key"]: row["answer"] for row in _analyse(tmp_path, text, models).extras["data_practices"]}


@pytest.mark.parametrize("text,key,answer", [
    ("Amazon does sell products for children, but it sells them to adults, who can purchase with a credit card "
     "or other permitted payment method.", "sell", "not mentioned"),
    ("Amazon does sell products for children, but it sells them to adults, who can purchase with a credit card "
     "or other permitted payment method.", "children", "not mentioned"),
    ("When you purchase or sell a vehicle listed on eBay sites and the buyer elects title and registration services, "
     "you are contracting with Caramel Dealer Services.", "sell", "not mentioned"),
    ("In short: In the future we may sell all or part of our business or re-organise it.", "sell", "not mentioned"),
    ("We may sell your personal information to data brokers.", "sell", "yes"),
    ("We do not sell your personal information to third parties.", "sell", "no"),
    ("Your data is permanently deleted after 30 days.", "retention", "bounded (30 days)"),
    ("We keep your messages until you close your account.", "retention", "bounded (until you close your account)"),
    ("All claims arising from the use of the Services must be filed within one (1) year from the date the cause "
     "of action arose.", "retention", "unstated"),
    ("The arbitrator shall provide a reasoned decision in writing within 30 days after the hearing is held.",
     "retention", "unstated"),
    ("If you use our APIs, SDKs, or other developer services or software, the Developer Terms of Service and "
     "Developer Policy apply to that use.", "tracking", "not mentioned"),
    ("We also collect service-related, diagnostic, performance information, including crash reports and "
     "performance logs.", "health", "not mentioned"),
    ("You may access the Netflix content through the Netflix service on a supported device.", "access", "not mentioned"),
    ("We also reserve the right to delete, change, or reclaim your username, URL, or other identifier.",
     "access", "not mentioned"),
    ("You can export or delete your personal information at any time in your account settings.", "access", "yes"),
    ("Zoom does not use any of your audio, video, chat, screen sharing, attachments or other communications-like "
     "Customer Content (such as poll results, whiteboard and reactions) to train Zoom or third-party artificial "
     "intelligence models.", "ai_training", "no"),
    ("You will not, and will not allow any third party to, use AI-generated content from the Amazon Services to, "
     "directly or indirectly, develop or improve large language or multimodal models, machine learning models or "
     "related technology.", "ai_training", "not mentioned"),
    ("We may use the content you upload to train our machine learning models.", "ai_training", "yes"),
])
def test_each_answer_is_about_the_persons_data(tmp_path, text, key, answer):
    assert _answers(tmp_path, text)[key] == answer


# General readings added after set 4's errors (each example written for the test, not quoted).
@pytest.mark.parametrize("text,key,answer", [
    # examples of what a denied verb acts on are denied with it
    ("Our app is not built to handle sensitive data (for example religion, sexual life, precise geolocation or "
     "union membership), and we ask you not to enter it.", "location", "no"),
    ("We collect details of your phone, including, without limitation, its precise geolocation.", "location", "yes"),
    # a flag's noun naming a law, a policy or a guide names a text, not a practice
    ("You alone must follow the biometric privacy laws of your state when you record visitors with the doorbell "
     "camera.", "biometric", "not mentioned"),
    ("Please read the verification vendor's Face Scan Policy before you start the identity check.", "biometric",
     "not mentioned"),
    ("We collect a template of your face geometry when you turn on photo tagging.", "biometric", "yes"),
    # a transfer mechanism named in a complaints procedure is not a transfer
    ("In compliance with the Privacy Shield Principles, Acme commits to resolve complaints about its handling of "
     "your personal information; write to our privacy team first.", "cross_border", "not mentioned"),
    ("Acme participates in the Swiss Data Privacy Framework for the data of its European users.", "cross_border", "yes"),
    ("We rely on standard contractual clauses approved by the European Commission.", "cross_border", "yes"),
    # a service that detects and removes minors, or asks to be told of one, is closed to them
    ("Our staff review new profiles to detect and remove teens from the community.", "children", "no"),
    ("If you suspect that a member is under the age of 16, tell us through the report button.", "children", "no"),
    # an item of what the user must not do to minors, without its subject, is no age gate
    ("You agree that you will not:\n\n3. contact or ask for the home address of anyone under 16;\n\n"
     "4. are meant to attract minors to adult chat rooms;", "children", "not mentioned"),
    ("You will not:\n\n* join the Services if you are not old enough to sign a binding contract (for example, if "
     "you are under 18);", "children", "no"),  # the user's own age: still an age gate
    # financial data is the person's: the service's own bank account, or a denial about something else, is not
    ("Your debt to the driver is settled once the money reaches Rideco's bank account.", "financial", "not mentioned"),
    ("Acme does not control refunds, chargebacks, gift cards, credit cards or other payment matters of the "
     "merchants.", "financial", "not mentioned"),
    ("We do not charge your debit card before the parcel leaves our warehouse.", "financial", "yes"),
    # "it"/"them" stand for the nearest noun before them: devices are not data
    ("We ship free repairs for Acme routers for three years after we stop selling them.", "sell", "not mentioned"),
    ("We collect your contact details and we may sell them to marketers.", "sell", "yes"),
    # a right described after the service's own denial does not make the denial a description
    ("Acme does not sell (as the term is defined by state law) the personal information it holds, and would not "
     "sell it without offering you a right to opt out.", "sell", "no"),
    ("We do not knowingly collect, use or sell any information from minors under 16.", "sell", "no"),
    # a lower-case name followed by its verb is a subject, not an item of a list of conduct
    ("zumi does not knowingly collect information from children under 16.", "children", "no"),
    # a leading condition's negation stays in the condition
    ("If the adequacy rules are not available, we rely on standard contractual clauses to send your data "
     "abroad.", "cross_border", "yes"),
    # the name of a transfer mechanism is not a law's title
    ("We transfer your personal data only with safeguards such as standard contractual clauses or binding "
     "corporate rules.", "cross_border", "yes"),
    # a link that lets you opt out of the sale describes the right, wherever the trigger stands
    ("Clicking on the link will allow you to opt out of the sale of your personal information.", "sell",
     "not mentioned"),
    # a duty to keep one's details current is not a right to correct them
    ("Members undertake to give true data when they write to us and to update their contact details in the "
     "app whenever they change.", "access", "not mentioned"),
    ("You can update your contact details in the app whenever they change.", "access", "yes"),
    # denying one use of health data is not denying its collection
    ("We don't use your heart rate data to choose the ads you see.", "health", "yes"),
    ("Acme does not want you to send it any health information.", "health", "no"),
])
def test_general_readings_after_set4(tmp_path, text, key, answer):
    assert _answers(tmp_path, text, RULES)[key] == answer


# General readings added after set 5's errors (each example written for the test, not quoted).
@pytest.mark.parametrize("text,key,answer", [
    # (1) an item of a list of what the user must not do is the user's conduct, not the service's practice
    ("You agree that you will not use the Services to:\n\n1. build a face recognition database from pictures "
     "copied off the web;", "biometric", "not mentioned"),
    ("You may not, and may not help anyone else to:\n\niv. to take posts or files from the Site to train any "
     "machine learning model;", "ai_training", "not mentioned"),
    # (2) a duty of the user or of a business customer states no practice of the service
    ("Advertiser shall not run any campaign on sites that are directed at children under 13.", "children",
     "not mentioned"),
    ("Partner must tell its users that precise location data may be collected for interest-based advertising.",
     "location", "not mentioned"),
    ("You represent and warrant that you will not upload to the Services any patient records or other health "
     "information.", "health", "not mentioned"),
    # ... but an opening condition in which the person hands data over is still read
    ("When you give us your debit card details, you represent that you are allowed to use that card.",
     "financial", "yes"),
    # (3) a definition or a question heading states nothing
    ('"Bank Account" has the meaning given in section 4.', "financial", "not mentioned"),
    ("Do we send your personal data outside the European Union?", "cross_border", "not mentioned"),
    # a numbered duty of a customer, one after an opening "In the event ..., ", and a pointer elsewhere
    ("7.3 Publisher shall not place any Ad Unit on a site directed at children under 13.", "children",
     "not mentioned"),
    ("In the event these terms are voided, Parent hereby agrees to indemnify Acme for any claim made by the Minor.",
     "children", "not mentioned"),
    ("For more information on the data we use to train our models, please read our Help Center.", "ai_training",
     "not mentioned"),
    # a procedure for a worried parent says nothing of what the service collects
    ("If you think that we may have collected information from a child under 13, please contact us at the "
     "address below.", "children", "not mentioned"),
    # (4) medical advice is not health data; health words with data handling are
    ("Always ask your doctor about any medical condition before you start a new exercise plan.", "health",
     "not mentioned"),
    ("We collect information about your medical condition when you book a consultation.", "health", "yes"),
    # (6) "as long as necessary" in the keeping sub-clause, whatever another sub-clause wishes
    ("We would like your photos to last forever, but we keep your personal data only as long as necessary for "
     "the purposes in this policy.", "retention", "as long as necessary"),
    # (7) a denial whose exceptions name the cases in which the service does it is no clean "does not"
    ("We do not use your chats to train our models except (a) when you use the free plan and have not opted out, "
     "or (b) when you send us feedback.", "ai_training", "yes"),
    ("We do not use your chats to train our models except as described in this policy.", "ai_training", "no"),
    # a negation inside a relative clause qualifies the noun, not the service's verb
    ("With your permission we use files that are not marked private to train our machine learning models.",
     "ai_training", "yes"),
    # "what you write": a relative clause inside the object; the service's denial governs
    ("We do not use what you write in messages, or your photos and other personal files, to target advertising "
     "to you.", "targeted_ads", "no"),
    ("Acme has adopted rules strictly prohibiting advertising aimed at children under 13.", "children", "no"),
    # what is sold is the head of the object: coins, not the wallet they are in
    ("We may keep the proceeds from the sale of any coins in your wallet to pay your fees.", "sell",
     "not mentioned"),
    # a third party's powers over an account are not the person's right
    ("If a company gave you your account, the third party may have the ability to access or delete your "
     "account.", "access", "not mentioned"),
    ("You have the right to receive a list of the companies to whom we may have sold personal data.", "sell",
     "not mentioned"),
    # the user's own verb: "models you fine-tuned" are the user's work
    ("Your access to models you fine-tuned with our tools ends when your account is closed.", "ai_training",
     "not mentioned"),
])
def test_general_readings_after_set5(tmp_path, text, key, answer):
    assert _answers(tmp_path, text, RULES)[key] == answer


@pytest.mark.parametrize("text,stance", [
    ("Browsers can send a Do Not Track signal. If a site that responds to the signal receives it, the site stops "
     "profiling the visitor.", None),  # an explainer takes no stance
    ("Readers in some states may ask how the Website responds to Do Not Track settings in their browsers.", None),
    ("Since there is no shared standard yet, several publishers, among them Acme, do not respond to Do Not Track "
     "signals.", "ignored"),
    ("We honour Global Privacy Control signals as a request to opt out of sharing.", "honoured"),
    ("Our apps respond to the Global Privacy Control signal whenever a browser sends it.", "honoured"),
    ("The help pages explain how we honor Global Privacy Control signals.", "honoured"),
    ("You can opt out of the sharing of your data by sending an opt-out preference signal such as the Global "
     "Privacy Control.", "honoured"),
    # (5) positive GPC statements phrased without "honour"; GPC's stance speaks for a clause that also
    # declines DNT
    ("We treat Global Privacy Control browser signals as a valid request to opt out of the sale of your data.",
     "honoured"),
    ("We however respond to the Global Privacy Control signal in some states.", "honoured"),
    ("Our site does not respond to Do Not Track settings; however, we honour Global Privacy Control signals as an "
     "opt-out of sharing.", "honoured"),
    ("We stop serving personalised ads in response to a Global Privacy Control signal.", "honoured"),
    ("You can opt out of sharing using a Global Privacy Control signal.", "honoured"),
    ("We do not take any action in response to Do Not Track signals.", "ignored"),
])
def test_do_not_track_stance_is_the_services_own(text, stance):
    from contractlens.classify.flags import detect_flags

    found = [f for f in detect_flags([Clause(0, 0, len(text), text)]) if f.label == "dnt_gpc"]
    assert (found[0].attributes["dnt_gpc"] if found else None) == stance


def test_grade_drivers_only_quote_clauses_that_say_what_they_claim(tmp_path):
    analysis = _analyse(tmp_path, "\n\n".join([
        "Amazon does sell products for children, but it sells them to adults.",
        "Your data is permanently deleted after 30 days.",
        "If you use our SDKs, the Developer Terms apply.",
        "Zoom does not use any of your audio, video or chat to train artificial intelligence models.",
        "We may sell your personal information to data brokers.",
    ]))
    penalties = [d for d in analysis.grade.drivers if "(+" in d]
    assert any("sale of personal data" in d for d in penalties)
    assert not any(word in d for d in penalties for word in ("indefinite", "tracking", "AI", "children"))
    sale = [f for f in analysis.findings_of("flag") if f.label == "sale" and f.polarity == "does"]
    assert [analysis.clauses[f.clause_index].text for f in sale] == ["We may sell your personal information to data brokers."]


def test_headings_and_buttons_are_never_findings(tmp_path):
    assert not is_statement("Suspending or terminating your access")
    assert not is_statement("close")
    assert not is_statement("11.2 Restrictions on Use by Children.")
    assert is_statement("We may suspend or terminate your access at any time.")
    analysis = _analyse(tmp_path, "Suspending or terminating your access\n\nclose\n\n"
                                  "We may suspend or terminate your account at any time without notice.\n")
    flagged = {analysis.clauses[f.clause_index].text for f in analysis.findings}
    assert "We may suspend or terminate your account at any time without notice." in flagged
    assert not flagged & {"Suspending or terminating your access", "close"}


@pytest.mark.parametrize("text, statement", [
    ("How we tailor ads:", False),  # a question heading
    ("Who can see your posts?", False),
    ("B. Third party advertising cookies.", False),  # a lettered section heading
    ("How You Can Access and Update Your Personal Information and other Account Information", False),  # long, Title Case
    ("What we collect: your name, your email address and the pages you visit.", True),
    ("How we use your data to show you ads that match your interests, and how to stop it.", True),
    ("When you visit our site, we may collect your IP address and the pages you view.", True),
    ("| Contact Data | Payment Card Type | Device Data And Identifiers Of Your Phone Or Tablet |", True),  # a table row
    ("- Contact Data - App Usage Data - Device Data - Payment Card Type - Cookies And Analytics Data", True),
    ("Children under the age of 13:", False),  # a topic heading ending in ":"
    ("Information shared with our partners:", False),
    ("We collect the following information:", True),  # a lead line opening a list
    ("When you register, you give us:", True),
])
def test_question_lettered_and_long_title_case_headings_are_no_statements(text, statement):
    assert is_statement(text) is statement


def test_the_users_own_right_to_terminate_is_not_the_companys_power(tmp_path):
    assert users_own_right("You may terminate these Terms at any time by deleting your account.")
    assert not users_own_right("We may suspend or terminate your account at any time.")
    assert not users_own_right("Your access may be terminated without warning.")
    analysis = _analyse(tmp_path, "You may terminate these Terms at any time by closing your account.\n\n"
                                  "We may suspend or terminate your account at any time without notice.\n")
    ter = {analysis.clauses[f.clause_index].text for f in analysis.findings_of("unfair") if f.label == "ter"}
    assert ter == {"We may suspend or terminate your account at any time without notice."}


def test_mandatory_arbitration_with_a_class_action_waiver_is_clearly_unfair(tmp_path):
    analysis = _analyse(tmp_path, "You and we agree that all disputes will be resolved by binding individual "
                                  "arbitration, and you waive your right to participate in a class action lawsuit "
                                  "or class-wide arbitration.\n")
    arbitration = [f for f in analysis.findings_of("unfair") if f.label == "a"]
    assert arbitration and all(f.level == 3 for f in arbitration)
    assert arbitration[0].attributes["level_rule"] == "mandatory arbitration with a class-action waiver"
    assert any("clearly unfair arbitration" in d and "+3 points" in d for d in analysis.grade.drivers)


def test_reading_names_actor_object_and_polarity():
    sentence = "Zoom does not use any of your audio to train artificial intelligence models."
    at = sentence.index("train")
    read = reading(sentence, at, at + len("train"))
    assert (read.actor, read.negated, read.personal_object) == ("service", True, True)
    prohibition = "You may not use Our Content to train any machine learning model."
    assert not about_persons_data("ai_training", prohibition, prohibition.index("train"), prohibition.index("train") + 5)
    passive = "Your content isn't used to train AI."
    assert reading(passive, passive.index("train"), passive.index("train") + 5).passive


def test_explain_shows_the_words_and_rule_behind_each_data_answer(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(PREAMBLE + "We may sell your personal information to data brokers.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--explain"])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if "Words behind it" in l and "phrase rule for sale" in l)
    assert "“sell”" in line and "“your personal information”" in line
    for stop_word in ("“or”", "“for”", "“and”"):
        assert stop_word not in result.output


def test_answer_set_locator_and_loader(tmp_path):
    clauses = [Clause(0, 0, 20, "Intro text here."), Clause(1, 0, 60, "We sell your data to brokers.")]
    row = {"anchor": "we sell your data", "clause_sha1": clause_sha1(clauses[1].text)}
    assert locate(clauses, row) == 1 and normalised_words("We’re here!") == "we re here"
    assert locate(clauses, {"anchor": "not there"}) is None
    assert finding_answer("sale", None) == "not evidence"
    bad = tmp_path / "set.jsonl"
    bad.write_text('{"service": "X"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="missing"):
        load_set(bad)


def test_evaluate_set_refuses_bad_input_with_one_line(tmp_path):
    bad = tmp_path / "set.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path), "--set", str(bad)])
    assert result.exit_code == 2 and "not a JSON line" in result.output
    result = CliRunner().invoke(main, ["evaluate", "unfair", "--corpus", str(tmp_path), "--set", str(bad)])
    assert result.exit_code == 2


def test_evaluate_set_scores_with_and_without_the_answer_check_from_one_analysis(tmp_path):
    """A labelled set over a tiny corpus in the OTA layout: the figures as a scan gives them, and
    the rules' own figures (before the check) beside them, reproducible from the command."""
    document = tmp_path / "versions" / "Acme" / "Privacy Policy.md"
    document.parent.mkdir(parents=True)
    clauses = ["# Privacy Policy", "We sell your personal information to data brokers.",
               "We never share your personal information with our partners.",
               "You may not sell or resell any part of the Acme service."]
    document.write_text("\n\n".join(clauses) + "\n", encoding="utf-8")
    judged = [(clauses[1], "sale", "does"), (clauses[2], "partner_sharing", "does not"),
              (clauses[3], "sale", "not evidence")]
    rows = [{"service": "Acme", "terms_type": "Privacy Policy", "anchor": " ".join(normalised_words(text).split()[:6]),
             "clause_sha1": clause_sha1(text), "question": question, "answer": answer} for text, question, answer in judged]
    labelled = tmp_path / "set.jsonl"
    labelled.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path), "--set", str(labelled),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    before = scores["without_check"]
    assert scores["sentences"] == 3 and before["check"].startswith("answer-check-minilm-")  # the default reader
    assert before["per_label"]["sale"]["precision"] == 1.0 and before["per_label"]["sale"]["recall"] == 1.0
    assert before["per_label"]["partner_sharing"]["recall"] == 1.0
    for question, row in scores["per_label"].items():  # the check only removes answers
        assert row["answered"] <= before["per_label"][question]["answered"]
    text = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path), "--set", str(labelled)])
    assert "without the answer check (answer-check-minilm-" in text.output
    fast = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path), "--set", str(labelled), "--fast"])
    assert fast.exit_code == 0 and "without the answer check (answer-check-lr-" in fast.output  # as `check --fast`


def _corpora_with_a_policy_beside_ota(tmp_path):
    """A corpora root holding an (empty) OTA corpus and one policy of another corpus, and a set that points at it."""
    (tmp_path / "ota" / "versions").mkdir(parents=True)
    policy = tmp_path / "opp115" / "original_policies" / "123_www.acme.com.html"
    policy.parent.mkdir(parents=True)
    sentences = ["We sell your personal information to data brokers.", "We never share your personal information with "
                 "our partners.", "You may not sell or resell any part of the Acme service."]
    policy.write_text(f"<html><body><h1>Privacy Policy</h1><p>{PREAMBLE.strip()}</p>" + "".join(f"<p>{s}</p>" for s in sentences)
                      + "</body></html>", encoding="utf-8")
    judged = zip(sentences, ("sale", "partner_sharing", "sale"), ("does", "does not", "not evidence"))
    labelled = tmp_path / "set.jsonl"
    labelled.write_text("".join(json.dumps({
        "service": "acme.com", "terms_type": "Privacy Policy", "anchor": " ".join(normalised_words(text).split()[:6]),
        "clause_sha1": clause_sha1(text), "question": question, "answer": answer,
        "document": "opp115/original_policies/123_www.acme.com.html"}) + "\n" for text, question, answer in judged),
        encoding="utf-8")
    return labelled


def test_a_judgement_can_point_at_a_document_of_another_corpus(tmp_path):
    """Set 10 reads OPP-115 policies and CLAUDETTE terms in place: `document` is a path under the corpora
    root, given as the OTA folder (the usual --corpus) or as the root itself."""
    labelled = _corpora_with_a_policy_beside_ota(tmp_path)
    assert opp115_policies(load_set(labelled)) == {"123"}
    assert document_path(tmp_path / "ota", "acme.com", "Privacy Policy", "opp115/x.html") == tmp_path / "opp115" / "x.html"
    assert document_path(tmp_path / "ota", "Acme", "Privacy Policy") == tmp_path / "ota" / "versions" / "Acme" / "Privacy Policy.md"
    for corpus in (tmp_path / "ota", tmp_path):
        result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(corpus), "--set", str(labelled),
                                           "--format", "json"])
        assert result.exit_code == 0, result.output
        scores = json.loads(result.output)
        assert scores["documents"] == 1 and scores["sentences"] == 3 and scores["unlocated"] == []
        assert scores["without_check"]["per_label"]["sale"]["precision"] == 1.0


def test_a_judgement_can_point_at_a_services_tosdr_quotes(tmp_path):
    """Set 13 reads ToS;DR quotes: the quotes of one service's document, in the document's order and each once,
    are read as one document; the other service's quotes, irrelevant points and the other document type are not."""
    from contractlens.training.datasets.tosdr import service_document

    (tmp_path / "ota" / "versions").mkdir(parents=True)
    (tmp_path / "tosdr").mkdir()
    sentences = ["We sell your personal information to data brokers.", "We never share your personal information "
                 "with our partners.", "You may not sell or resell any part of the Acme service."]
    points = [{"point_id": str(n), "services": ["acme"], "document_type": "privacy", "quote": f"<p>{text}</p>",
               "quote_start": 1000 - 10 * n, "irrelevant": False} for n, text in enumerate(sentences)]
    points += [{"point_id": "7", "services": ["acme"], "document_type": "privacy", "quote": sentences[0], "quote_start": 2000},
               {"point_id": "8", "services": ["acme"], "document_type": "privacy", "quote": "We track you.", "irrelevant": True},
               {"point_id": "9", "services": ["acme"], "document_type": "terms", "quote": "Disputes go to arbitration."},
               {"point_id": "10", "services": ["other"], "document_type": "privacy", "quote": "We sell it all."}]
    (tmp_path / "tosdr" / "tosdr_points.jsonl").write_text("".join(json.dumps(p) + "\n" for p in points), encoding="utf-8")
    assert service_document(tmp_path / "tosdr", "acme", "Privacy Policy") == "\n\n".join(reversed(sentences)) + "\n"
    assert service_document(tmp_path / "tosdr", "acme", "Terms of Service") == "Disputes go to arbitration.\n"
    with pytest.raises(InputError, match="no quote of nobody"):
        service_document(tmp_path / "tosdr", "nobody", "Privacy Policy")
    with pytest.raises(InputError, match="no 'Cookie Policy' documents"):
        service_document(tmp_path / "tosdr", "acme", "Cookie Policy")
    labelled = tmp_path / "set.jsonl"
    judged = zip(sentences, ("sale", "partner_sharing", "sale"), ("does", "does not", "not evidence"))
    labelled.write_text("".join(json.dumps({
        "service": "acme", "terms_type": "Privacy Policy", "anchor": " ".join(normalised_words(text).split()[:6]),
        "clause_sha1": clause_sha1(text), "question": question, "answer": answer,
        "document": "tosdr/tosdr_points.jsonl"}) + "\n" for text, question, answer in judged), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path / "ota"), "--set", str(labelled),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["documents"] == 1 and scores["sentences"] == 3 and scores["unlocated"] == []
    assert scores["per_label"]["sale"]["precision"] == 1.0 and scores["per_label"]["partner_sharing"]["recall"] == 1.0
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(labelled.read_text(encoding="utf-8").replace('"acme"', '"nobody"'), encoding="utf-8")
    refused = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path / "ota"), "--set", str(unknown)])
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert refused.output.strip().splitlines() == ["contractlens: error: ToS;DR holds no quote of nobody's Privacy Policy."]


def test_evaluate_set_reads_another_practices_model_through_the_whole_flow(tmp_path):
    """--practices-model: the set scored with a practices model trained without its policies (here a copy of the
    committed one, so the figures are the same); the registry hands that folder to every stage inside the block."""
    import shutil

    from contractlens.classify.registry import default_model_dir, get_model, models_from

    labelled = _corpora_with_a_policy_beside_ota(tmp_path)
    copy = tmp_path / "practices-copy"
    shutil.copytree(default_model_dir("practices"), copy)
    committed = get_model("practices")
    with models_from({"practices": copy}):
        assert get_model("practices") is not committed and get_model("practices") is get_model("practices")
    assert get_model("practices") is committed
    runs = [CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path / "ota"), "--set", str(labelled),
                                      "--format", "json", *extra]) for extra in ([], ["--practices-model", str(copy)])]
    assert [r.exit_code for r in runs] == [0, 0], runs[1].output
    assert json.loads(runs[0].output)["per_label"] == json.loads(runs[1].output)["per_label"]


@pytest.mark.parametrize("args,message", [
    (["train", "answers", "--corpus", ".", "--set", "x.jsonl", "--leave-out", "x.jsonl"], "--leave-out SET goes with"),
    (["train", "practices", "--corpus", ".", "--leave-out", "x.jsonl"], "give --out DIR"),
    (["evaluate", "flags", "--corpus", ".", "--practices-model", "."], "--practices-model goes with"),
    (["evaluate", "flags", "--corpus", ".", "--set", "x.jsonl", "--practices-model", "no-such-model"],
     "model directory not found"),
])
def test_leave_out_and_practices_model_misused_are_one_line_errors(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_leave_out_of_a_set_without_opp115_policies_is_refused(tmp_path):
    labelled = tmp_path / "set.jsonl"
    labelled.write_text(json.dumps({"service": "Acme", "terms_type": "Privacy Policy", "anchor": "we sell",
                                    "question": "sale", "answer": "does"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "practices", "--corpus", str(tmp_path), "--out", str(tmp_path / "m"),
                                       "--leave-out", str(labelled)])
    assert result.exit_code == 2 and "points at an OPP-115 policy" in result.output


def test_a_question_never_answered_is_read_apart_from_the_macro():
    """Precision 1.00 for a question with no answers is a convention; the macro over the questions answered
    leaves it out, so a check that silences a rare question cannot pass for a more precise one."""
    from contractlens.evaluation.answers_eval import macro_scores

    row = lambda precision, recall, support, answered: {"precision": precision, "recall": recall, "f1": 0.5,  # noqa: E731
                                                         "support": support, "answered": answered}
    scores = macro_scores({"sale": row(0.5, 1.0, 2, 4), "health": row(1.0, 0.0, 3, 0), "biometric": row(1.0, 1.0, 0, 0)})
    assert scores["macro_precision"] == 0.75 and scores["answered_macro_precision"] == 0.5
    assert scores["questions_answered"] == 1


def test_a_practices_model_folder_without_a_model_is_one_line_error(tmp_path):
    labelled = _corpora_with_a_policy_beside_ota(tmp_path)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path / "ota"), "--set", str(labelled),
                                       "--practices-model", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "no model at" in result.output and "Traceback" not in result.output
