// Containment, remediation and recovery actions: every lifecycle transition and its
// refusals, the two-person rule, the roster, file and manual connectors, on a real case file
// whose audit chain must verify afterwards.
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/response/connectors.h"
#include "core/response/proposals.h"
#include "core/response/response_policy.h"

#include <QDir>
#include <QFile>

#include <fstream>
#include <set>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::response;
using cordon::test::str;
using Op = ActionDelivery::Operation;

namespace {

ActionProposal suspension(const std::string &account, const std::string &by = "cordon")
{
    return {"account.suspend", account, {{"duration_hours", 24}, {"reason", "jailbreak campaign"}},
            "in campaign 1", "campaign:1", {}, by};
}

} // namespace

class TestResponse : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_file;
    ManualClock m_clock{1'700'000'000'000'000};

    Database &db() { return m_file->db(); }

    std::string stateOf(std::int64_t id) { return std::string(toString(findAction(db(), id)->state)); }

    void verifyChain()
    {
        const auto report = verifyCase(db(), str(m_dir.path()));
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("r.cordon")));
        m_file = test::newCase(m_dir.filePath(QStringLiteral("r.cordon")));
    }
    void cleanup() { m_file.reset(); }

    void catalogueChecksParameters()
    {
        const ActionType *suspend = findActionType("account.suspend");
        QVERIFY(suspend);
        QVERIFY(validateParameters(*suspend, "u-1", {{"duration_hours", 24}, {"reason", "r"}}).ok());
        const auto missing = validateParameters(*suspend, "u-1", {{"duration_hours", 24}});
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("reason") != std::string::npos);
        QVERIFY(!validateParameters(*suspend, "u-1", {{"duration_hours", 0}, {"reason", "r"}}).ok());
        QVERIFY(!validateParameters(*suspend, "u-1", {{"duration_hours", 2.5}, {"reason", "r"}}).ok());
        QVERIFY(!validateParameters(*suspend, "", {{"duration_hours", 1}, {"reason", "r"}}).ok());
        QVERIFY(!validateParameters(*suspend, "u-1", {{"duration_hours", 1}, {"reason", "r"}, {"colour", "red"}}).ok());
        const ActionType *breaker = findActionType("agent.circuit_break");
        QVERIFY(!validateParameters(*breaker, "support-agent", {{"capability", "time_travel"}}).ok());
        QVERIFY(validateParameters(*breaker, "support-agent", {{"capability", "web_search"}}).ok());
        QCOMPARE(describeAction(*suspend, "u-1", {{"duration_hours", 24}, {"reason", "campaign"}}),
                 std::string("Suspend account: u-1 (hours 24; reason campaign)"));
        // Every type the issue names exists, in the three phases.
        for (const char *id : {"account.rate_limit", "session.terminate", "user.block", "pattern.block",
                               "category.human_review", "model.rollback", "model.fallback", "model.restore_primary",
                               "tokens.revoke", "signing_key.rotate", "rate_limits.tighten",
                               "suffix_blocklist.update", "detection_rule.add", "patch.deploy",
                               "account.unblock_monitored", "feature.restore"})
            QVERIFY2(findActionType(id), id);
    }

    void fullLifecycleIsRecordedAndAudited()
    {
        auto p = proposeAction(db(), m_clock, suspension("u-1"));
        QVERIFY(p.ok());
        QVERIFY(p->created);
        // The same open action is not proposed twice.
        auto again = proposeAction(db(), m_clock, suspension("u-1", "someone else"));
        QCOMPARE(again->id, p->id);
        QVERIFY(!again->created);

        m_clock.advance(60'000'000);
        QVERIFY(approveAction(db(), m_clock, p->id, "ana", "criteria met").ok());
        m_clock.advance(60'000'000);
        QVERIFY(runAction(db(), m_clock, p->id, Op::Execute, "ana", {}, "suspended in the admin console").ok());
        m_clock.advance(60'000'000);
        QVERIFY(verifyAction(db(), m_clock, p->id, "bo", "no requests from u-1 since").ok());
        m_clock.advance(60'000'000);
        QVERIFY(runAction(db(), m_clock, p->id, Op::Revert, "bo", {}, "suspension lifted").ok());

        const auto a = findAction(db(), p->id);
        QVERIFY(a);
        QCOMPARE(stateOf(a->id), std::string("reverted"));
        QVERIFY(a->phase == Phase::Containment);
        QCOMPARE(a->origin, std::string("campaign:1"));
        QCOMPARE(a->approvedBy.value_or(""), std::string("ana"));
        QCOMPARE(a->executedBy.value_or(""), std::string("ana"));
        QCOMPARE(a->verifiedBy.value_or(""), std::string("bo"));
        QCOMPARE(a->revertedBy.value_or(""), std::string("bo"));
        QVERIFY(*a->approvedAt < *a->executedAt && *a->executedAt < *a->verifiedAt && *a->verifiedAt < *a->revertedAt);
        QCOMPARE(a->result.value("note", std::string()), std::string("suspended in the admin console"));
        QCOMPARE(a->revertResult.value("note", std::string()), std::string("suspension lifted"));

        Statement steps = db().prepare("SELECT action, actor FROM audit WHERE object_type = 'action' AND object_id = ?"
                                       " ORDER BY seq");
        steps.bind(1, p->id);
        std::vector<std::string> seen;
        while (steps.step())
            seen.push_back(steps.text(0) + " by " + steps.text(1));
        QCOMPARE(seen, (std::vector<std::string>{"action.propose by cordon", "action.approve by ana",
                                                 "action.execute by ana", "action.verify by bo",
                                                 "action.revert by bo"}));
        verifyChain();
    }

    void refusalsSayWhy()
    {
        const auto id = proposeAction(db(), m_clock, suspension("u-2"))->id;
        // Execute before approve.
        const Status early = runAction(db(), m_clock, id, Op::Execute, "ana", {}, "done");
        QVERIFY(!early.ok());
        QVERIFY2(early.error().message.find("must be approved before it is executed") != std::string::npos,
                 early.error().message.c_str());
        // Revert of something never executed.
        QVERIFY(!runAction(db(), m_clock, id, Op::Revert, "ana", {}, "undo").ok());
        // Reject needs a reason; rejected is final.
        QVERIFY(!rejectAction(db(), m_clock, id, "ana", "").ok());
        QVERIFY(rejectAction(db(), m_clock, id, "ana", "account belongs to the red team").ok());
        QVERIFY(!approveAction(db(), m_clock, id, "ana").ok());
        QCOMPARE(stateOf(id), std::string("rejected"));
        // A manual action is not executed without saying what was done.
        const auto other = proposeAction(db(), m_clock, suspension("u-3"))->id;
        QVERIFY(approveAction(db(), m_clock, other, "ana").ok());
        QVERIFY(!runAction(db(), m_clock, other, Op::Execute, "ana", {}, " ").ok());
        QCOMPARE(stateOf(other), std::string("approved"));
        // Verify before execute.
        QVERIFY(!verifyAction(db(), m_clock, other, "ana").ok());
        // Unknown type, unknown action, missing actor.
        QVERIFY(!proposeAction(db(), m_clock, {"account.vaporise", "u-1", {}, {}, {}, {}, "ana"}).ok());
        QVERIFY(!approveAction(db(), m_clock, 9999, "ana").ok());
        QVERIFY(!approveAction(db(), m_clock, other, "").ok());
        verifyChain();
    }

    void failedActionCanBeRetriedButNotReverted()
    {
        const QString dir = m_dir.filePath(QStringLiteral("blocked"));
        QFile blocker(dir);   // a plain file where the directory should be: writing fails
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        ConnectorDefinition files{ConnectorDefinition::Kind::File, 0, "drop", {{"directory", str(dir)}}, false};
        QVERIFY(saveConnector(db(), m_clock, "ana", files).ok());
        ActionProposal p = suspension("u-4");
        p.connector = "drop";
        const auto id = proposeAction(db(), m_clock, p)->id;
        QVERIFY(approveAction(db(), m_clock, id, "ana").ok());
        const Status failed = runAction(db(), m_clock, id, Op::Execute, "ana", {});
        QVERIFY(!failed.ok());
        auto a = findAction(db(), id);
        QCOMPARE(stateOf(a->id), std::string("failed"));
        QVERIFY(a->failure && a->failure->find("writing the action file failed") != std::string::npos);
        const Status revert = runAction(db(), m_clock, id, Op::Revert, "ana", {});
        QVERIFY(!revert.ok());
        QVERIFY2(revert.error().message.find("nothing to revert") != std::string::npos, revert.error().message.c_str());

        // Fix the directory and try again: executed, attempts counted over both tries.
        QVERIFY(QFile::remove(dir));
        QVERIFY(runAction(db(), m_clock, id, Op::Execute, "ana", {}).ok());
        a = findAction(db(), id);
        QCOMPARE(stateOf(a->id), std::string("executed"));
        QCOMPARE(a->attempts, 2);
        const QString written = QString::fromStdString(a->result.value("file", std::string()));
        QFile f(written);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto body = nlohmann::json::parse(f.readAll().toStdString());
        QCOMPARE(body["operation"].get<std::string>(), std::string("execute"));
        QCOMPARE(body["action"]["type"].get<std::string>(), std::string("account.suspend"));
        QCOMPARE(body["action"]["target"].get<std::string>(), std::string("u-4"));
        QCOMPARE(body["idempotency_key"].get<std::string>(), body["case"].get<std::string>() + ":" + std::to_string(id) + ":execute");
        verifyChain();
    }

    void twoPersonApprovalWhenThePolicySaysSo()
    {
        ResponsePolicy policy;
        policy.twoPersonApproval = true;
        policy.approverRole = Role::IncidentCommander;
        QVERIFY(storeResponsePolicy(db(), m_clock, "ic", policy).ok());
        QVERIFY(addPerson(db(), m_clock, "ic", {0, "ana", Role::IncidentCommander, "ana@example.org", true}).ok());
        QVERIFY(addPerson(db(), m_clock, "ic", {0, "bo", Role::SecurityAnalyst, "", false}).ok());

        const auto id = proposeAction(db(), m_clock, suspension("u-5", "ana"))->id;
        const Status self = approveAction(db(), m_clock, id, "ana");
        QVERIFY(!self.ok());
        QVERIFY2(self.error().message.find("second person") != std::string::npos, self.error().message.c_str());
        const Status wrongRole = approveAction(db(), m_clock, id, "bo");
        QVERIFY(!wrongRole.ok());
        QVERIFY2(wrongRole.error().message.find("Incident commander") != std::string::npos, wrongRole.error().message.c_str());
        QVERIFY(addPerson(db(), m_clock, "ic", {0, "cy", Role::IncidentCommander, "", false}).ok());
        QVERIFY(approveAction(db(), m_clock, id, "cy").ok());

        // A narrow action (rate limit) needs no second person even under the policy.
        const auto narrow = proposeAction(db(), m_clock, {"account.rate_limit", "u-6", {{"requests_per_hour", 10}},
                                                          {}, {}, {}, "bo"})->id;
        QVERIFY(approveAction(db(), m_clock, narrow, "bo").ok());

        // Without the policy, the proposer may approve.
        policy.twoPersonApproval = false;
        QVERIFY(storeResponsePolicy(db(), m_clock, "ic", policy).ok());
        const auto later = proposeAction(db(), m_clock, suspension("u-7", "bo"))->id;
        QVERIFY(approveAction(db(), m_clock, later, "bo").ok());
        verifyChain();
    }

    void rosterKeepsPeopleInRoles()
    {
        auto ana = addPerson(db(), m_clock, "ic", {0, "ana", Role::IncidentCommander, "+44 1", true});
        QVERIFY(ana.ok());
        QVERIFY(!addPerson(db(), m_clock, "ic", {0, "ana", Role::IncidentCommander, "", false}).ok());
        QVERIFY(addPerson(db(), m_clock, "ic", {0, "ana", Role::LegalCompliance, "", false}).ok());
        QVERIFY(addPerson(db(), m_clock, "ic", {0, "dee", Role::IncidentCommander, "", false}).ok());
        QVERIFY(!addPerson(db(), m_clock, "ic", {0, " ", Role::ModelEngineer, "", false}).ok());
        auto commanders = peopleInRole(db(), Role::IncidentCommander);
        QCOMPARE(commanders.size(), std::size_t(2));
        QCOMPARE(commanders.front().name, std::string("ana"));   // on call first
        Person changed = commanders.front();
        changed.onCall = false;
        QVERIFY(updatePerson(db(), m_clock, "ic", changed).ok());
        commanders = peopleInRole(db(), Role::IncidentCommander);
        QCOMPARE(commanders.front().name, std::string("ana"));   // then by name
        QVERIFY(removePerson(db(), m_clock, "ic", *ana).ok());
        QVERIFY(!holdsRole(db(), "ana", Role::IncidentCommander));
        QVERIFY(holdsRole(db(), "ana", Role::LegalCompliance));
        QCOMPARE(roleFromString("Legal/compliance"), std::optional(Role::LegalCompliance));
        verifyChain();
    }

    void connectorsAreValidatedAndKeepNoSecrets()
    {
        ConnectorDefinition gw{ConnectorDefinition::Kind::Http, 0, "gateway", {{"url", "ftp://x"}}, false};
        QVERIFY(!saveConnector(db(), m_clock, "ana", gw).ok());
        gw.config = {{"url", "https://gw.example/admin/actions"}, {"auth", "bearer"}, {"secret", "hunter2"}};
        const auto literal = saveConnector(db(), m_clock, "ana", gw);
        QVERIFY(!literal.ok());
        QVERIFY(literal.error().message.find("env:NAME") != std::string::npos);
        gw.config["secret"] = "env:GATEWAY_TOKEN";
        QVERIFY(saveConnector(db(), m_clock, "ana", gw).ok());
        gw.dryRun = true;
        QVERIFY(saveConnector(db(), m_clock, "ana", gw).ok());   // replaces by name
        QCOMPARE(listConnectors(db()).size(), std::size_t(1));
        QVERIFY(findConnector(db(), "gateway")->dryRun);
        QVERIFY(!saveConnector(db(), m_clock, "ana", {ConnectorDefinition::Kind::File, 0, "drop", {{"directory", "rel/dir"}}, false}).ok());
        QVERIFY(removeConnector(db(), m_clock, "ana", "gateway").ok());
        QVERIFY(!removeConnector(db(), m_clock, "ana", "gateway").ok());
        verifyChain();
    }

    void dryRunChangesNothing()
    {
        const QString dir = m_dir.filePath(QStringLiteral("dry"));
        QVERIFY(saveConnector(db(), m_clock, "ana",
                              {ConnectorDefinition::Kind::File, 0, "drop", {{"directory", str(dir)}}, true}).ok());
        ActionProposal p = suspension("u-8");
        p.connector = "drop";
        const auto id = proposeAction(db(), m_clock, p)->id;
        QVERIFY(approveAction(db(), m_clock, id, "ana").ok());
        QVERIFY(runAction(db(), m_clock, id, Op::Execute, "ana", {}).ok());
        QCOMPARE(stateOf(id), std::string("approved"));   // a dry run executes nothing
        // The file connector marks the file as a dry run for whoever picks files up.
        QCOMPARE(QDir(dir).entryList({QStringLiteral("*.json")}).size(), 1);
        QCOMPARE(QDir(dir).entryList({QStringLiteral("*-execute-dry-run.json")}).size(), 1);
        Statement dry = db().prepare("SELECT COUNT(*) FROM audit WHERE action = 'action.dry_run' AND object_id = ?");
        dry.bind(1, id);
        QVERIFY(dry.step());
        QCOMPARE(dry.int64(0), std::int64_t(1));
        verifyChain();
    }

    void proposalsFromForensicsOnTheMixedScenario()
    {
        // The real pipeline on simulated traffic with ground truth: simulate, import, analyse.
        const QString events = m_dir.filePath(QStringLiteral("mixed.jsonl"));
        const QString casePath = m_dir.filePath(QStringLiteral("mixed.cordon"));
        QCOMPARE(test::cli({QStringLiteral("simulate"), QStringLiteral("--scenario"), QStringLiteral("mixed"),
                            QStringLiteral("--events"), QStringLiteral("20000"), QStringLiteral("--seed"),
                            QStringLiteral("3"), QStringLiteral("--out"), events}).exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("new"), casePath, QStringLiteral("--title"), QStringLiteral("M")}).exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("import"), casePath, events, QStringLiteral("--quiet")}).exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("analyze"), casePath}).exitCode, 0);
        std::set<std::string> campaign, incidents;
        std::ifstream truthFile(str(events) + ".truth.json");
        const auto truth = nlohmann::json::parse(truthFile);
        for (const auto &incident : truth["incidents"]) {
            for (const auto &a : incident["accounts"]) {
                incidents.insert(a.get<std::string>());
                if (incident["incident_type"] == "jailbreak_campaign")
                    campaign.insert(a.get<std::string>());
            }
        }
        QVERIFY2(campaign.size() >= 10, qPrintable(QStringLiteral("%1 campaign accounts of %2").arg(campaign.size()).arg(incidents.size())));

        auto file = CaseFile::open(str(casePath));
        QVERIFY(file.ok());
        Database &db = (*file)->db();
        const auto proposals = forensicProposals(db);
        std::set<std::string> suspended, patterns;
        std::set<std::pair<std::string, std::string>> unique;
        for (const auto &p : proposals) {
            QVERIFY2(unique.insert({p.type, p.target}).second, ("proposed twice: " + p.type + " " + p.target).c_str());
            if (p.type == "account.suspend")
                suspended.insert(p.target);
            if (p.type == "pattern.block")
                patterns.insert(p.target);
            QVERIFY2(!p.origin.empty() && !p.reason.empty(), p.target.c_str());
        }
        // Every campaign account is proposed for suspension, and nobody outside an incident is.
        for (const auto &a : campaign)
            QVERIFY2(suspended.count(a), ("campaign account not proposed: " + a).c_str());
        for (const auto &a : suspended)
            QVERIFY2(incidents.count(a), ("benign account proposed for suspension: " + a).c_str());
        QVERIFY(!patterns.empty());

        // Filed once: a second run adds nothing.
        const auto first = proposeAll(db, m_clock, proposals, "cordon");
        QVERIFY2(first.refused.empty(), first.refused.empty() ? "" : first.refused.front().c_str());
        QCOMPARE(first.created.size(), proposals.size());
        const auto second = proposeAll(db, m_clock, forensicProposals(db), "cordon");
        QVERIFY(second.created.empty());
        QCOMPARE(second.existing.size(), proposals.size());

        // Alerts propose too: the token-exhaustion alert rate-limits its accounts.
        Statement alert = db.prepare("SELECT id FROM alerts WHERE rule_id = 'token_exhaustion' LIMIT 1");
        QVERIFY(alert.step());
        const auto fromAlert = alertProposals(db, alert.int64(0));
        QVERIFY(!fromAlert.empty());
        for (const auto &p : fromAlert) {
            QCOMPARE(p.type, std::string("account.rate_limit"));
            QVERIFY2(incidents.count(p.target), p.target.c_str());
        }
        const auto verdict = verifyCase(db, str(m_dir.path()));
        QVERIFY2(verdict.ok(), verdict.problems.empty() ? "" : verdict.problems.front().c_str());
    }

    void bulkApprovalPreviewsThenApproves()
    {
        ResponsePolicy policy;
        policy.twoPersonApproval = true;
        QVERIFY(storeResponsePolicy(db(), m_clock, "ic", policy).ok());
        QVERIFY(addPerson(db(), m_clock, "ic", {0, "cy", Role::IncidentCommander, "", true}).ok());
        std::vector<std::int64_t> ids;
        for (const char *account : {"u-1", "u-2", "u-3"})
            ids.push_back(proposeAction(db(), m_clock, suspension(account, "cy"))->id);
        ids.push_back(proposeAction(db(), m_clock, suspension("u-4", "bo"))->id);
        const auto preview = previewApprovals(db(), ids, "cy");
        QCOMPARE(preview.size(), std::size_t(4));
        QVERIFY(!preview[0].approvable);   // cy proposed these three
        QVERIFY(preview[0].refusal.find("second person") != std::string::npos);
        QVERIFY(preview[3].approvable);
        QCOMPARE(preview[3].description, std::string("Suspend account: u-4 (hours 24; reason jailbreak campaign)"));
        QCOMPARE(preview[3].connector, std::string("manual"));
        // The preview wrote nothing.
        QCOMPARE(stateOf(ids[3]), std::string("proposed"));
        const auto refusals = approveAll(db(), m_clock, ids, "cy");
        QCOMPARE(refusals.size(), std::size_t(3));
        QCOMPARE(stateOf(ids[3]), std::string("approved"));
        QCOMPARE(stateOf(ids[0]), std::string("proposed"));
        verifyChain();
    }
};

QTEST_GUILESS_MAIN(TestResponse)
#include "tst_response.moc"
