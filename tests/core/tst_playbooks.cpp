// Playbooks as data (every built-in one parses and is complete; broken ones are refused with
// the reason), applying one to a case (tasks due from the declared time, actions proposed),
// editing the checklist, and the case's milestones and phase.
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/response/case_progress.h"
#include "core/response/tasks.h"

#include <QFile>

#include <set>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::response;
using cordon::test::str;

namespace {

constexpr TimeUs kMinute = 60'000'000;

nlohmann::json minimalPlaybook()
{
    using J = nlohmann::json;
    J task = {{"title", "Do it"}, {"owner", "security_analyst"}};
    J phase = {{"phase", "Containment"}, {"from_minutes", 0}, {"to_minutes", 15}, {"tasks", J::array({task})}};
    J action = {{"type", "account.suspend"}, {"targets", "flagged_accounts"}, {"parameters", {{"duration_hours", 24}}}};
    return {{"id", "t"}, {"title", "T"}, {"atlas", J::array({"AML.T0054"})}, {"phases", J::array({phase})},
            {"actions", J::array({action})}};
}

} // namespace

class TestPlaybooks : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_file;
    ManualClock m_clock{1'700'000'000'000'000};

    Database &db() { return m_file->db(); }
    void verifyChain()
    {
        const auto report = verifyCase(db(), str(m_dir.path()));
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("p.cordon")));
        m_file = test::newCase(m_dir.filePath(QStringLiteral("p.cordon")));
    }
    void cleanup() { m_file.reset(); }

    void everyIncidentTypeHasACompletePlaybook()
    {
        std::set<std::string> ids;
        for (const Playbook &p : builtinPlaybooks()) {
            ids.insert(p.id);
            QVERIFY2(!p.atlas.empty() && !p.regulatory.empty() && !p.summary.empty(), p.id.c_str());
            QVERIFY2(p.phases.size() >= 3, p.id.c_str());
            for (const auto &t : p.atlas)
                QVERIFY2(!t.name.empty() && !t.tactics.empty(), (p.id + " " + t.id).c_str());
            for (const auto &phase : p.phases)
                QVERIFY2(!phase.tasks.empty(), p.id.c_str());
        }
        const std::set<std::string> expected = {
            "jailbreak_campaign", "prompt_injection",       "system_prompt_leakage", "pii_leakage",
            "service_abuse",      "auth_bypass",            "adversarial_examples",  "model_compromise",
            "supply_chain_poisoning", "model_extraction", "training_data_memorisation", "agent_goal_hijack",
            "rag_poisoning"};
        QCOMPARE(ids, expected);
        const Playbook *jb = findPlaybook("jailbreak_campaign");
        QVERIFY(jb);
        QCOMPARE(jb->atlas.front().name, std::string("LLM Jailbreak"));
        QCOMPARE(jb->phases.front().toMinutes, 15);
        QVERIFY(jb->phases.front().phase == Phase::Containment);
    }

    void brokenPlaybooksSayWhatIsWrong()
    {
        QVERIFY(parsePlaybook(minimalPlaybook()).ok());
        auto expectError = [](nlohmann::json j, const std::string &needle) {
            const auto p = parsePlaybook(j);
            QVERIFY2(!p.ok(), needle.c_str());
            QVERIFY2(p.error().message.find(needle) != std::string::npos, p.error().message.c_str());
        };
        auto j = minimalPlaybook();
        j["atlas"] = {"AML.T9999"};
        expectError(j, "no technique AML.T9999");
        j = minimalPlaybook();
        j["phases"][0]["tasks"][0]["owner"] = "janitor";
        expectError(j, "unknown owner role janitor");
        j = minimalPlaybook();
        j["phases"].push_back({{"phase", "Detection"}, {"from_minutes", 15}, {"to_minutes", 30}, {"tasks", nlohmann::json::array()}});
        expectError(j, "out of order");
        j = minimalPlaybook();
        j["phases"][0]["to_minutes"] = 0;
        expectError(j, "time box");
        j = minimalPlaybook();
        j["actions"][0]["type"] = "account.vaporise";
        expectError(j, "unknown action type");
        j = minimalPlaybook();
        j["actions"][0]["targets"] = "everyone";
        expectError(j, "unknown target selector");
        j = minimalPlaybook();
        j["actions"][0]["parameters"]["duration_hours"] = -3;
        expectError(j, "duration_hours");
        j = minimalPlaybook();
        j.erase("phases");
        expectError(j, "malformed");
    }

    void applyingAPlaybookCreatesTasksDueFromTheDeclaredTime()
    {
        const TimeUs declared = m_clock.now() - 30 * kMinute;
        QVERIFY(setMilestone(db(), m_clock, "ic", Milestone::Declared, declared).ok());
        const auto applied = applyPlaybook(db(), m_clock, "service_abuse", "ic");
        QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().message.c_str());
        QVERIFY(applied->anchorIsDeclared);
        QCOMPARE(applied->anchor, declared);
        const Playbook *p = findPlaybook("service_abuse");
        std::size_t expectedTasks = 0;
        for (const auto &phase : p->phases)
            expectedTasks += phase.tasks.size();
        QCOMPARE(static_cast<std::size_t>(applied->tasks), expectedTasks);

        const auto tasks = listTasks(db());
        QCOMPARE(tasks.size(), expectedTasks);
        QCOMPARE(tasks.front().title, p->phases.front().tasks.front().title);
        QCOMPARE(tasks.front().dueAt.value_or(0), declared + p->phases.front().toMinutes * kMinute);
        QVERIFY(tasks.front().ownerRole == p->phases.front().tasks.front().owner);
        QCOMPARE(tasks.back().dueAt.value_or(0), declared + p->phases.back().toMinutes * kMinute);
        // Containment ends 15 minutes after declaring; it is 30 minutes later: overdue.
        QVERIFY(tasks.front().overdue(m_clock.now()));
        QVERIFY(!tasks.back().overdue(m_clock.now()));

        // The fixed-target template became a proposal; selectors found nothing to act on in a
        // case without forensics.
        QCOMPARE(applied->actions.created.size(), std::size_t(1));
        const auto a = findAction(db(), applied->actions.created.front());
        QCOMPARE(a->type, std::string("rate_limits.tighten"));
        QCOMPARE(a->origin, std::string("playbook:service_abuse"));

        const auto again = applyPlaybook(db(), m_clock, "service_abuse", "ic");
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.find("already been applied") != std::string::npos);
        QVERIFY(!applyPlaybook(db(), m_clock, "no_such_playbook", "ic").ok());
        verifyChain();
    }

    void withoutADeclaredTimeTasksCountFromNow()
    {
        const auto applied = applyPlaybook(db(), m_clock, "rag_poisoning", "ic");
        QVERIFY(applied.ok());
        QVERIFY(!applied->anchorIsDeclared);
        QCOMPARE(applied->anchor, m_clock.now());
    }

    void theChecklistCanBeEditedAddedToAndReordered()
    {
        QVERIFY(applyPlaybook(db(), m_clock, "auth_bypass", "ic").ok());
        auto containment = [this] {
            std::vector<std::string> titles;
            for (const Task &t : listTasks(db())) {
                if (t.phase == Phase::Containment)
                    titles.push_back(t.title);
            }
            return titles;
        };
        const auto before = containment();
        QCOMPARE(before.size(), std::size_t(2));

        Task mine;
        mine.title = "Tell customer support what to say";
        mine.phase = Phase::Containment;
        mine.ownerRole = Role::IncidentCommander;
        const auto id = addTask(db(), m_clock, "ic", mine);
        QVERIFY(id.ok());
        QCOMPARE(containment().back(), mine.title);
        QVERIFY(moveTask(db(), m_clock, "ic", *id, -2).ok());
        QCOMPARE(containment().front(), mine.title);
        QCOMPARE(containment()[1], before[0]);
        QVERIFY(!moveTask(db(), m_clock, "ic", *id, -1).ok());   // already first

        Task changed = *findTask(db(), *id);
        changed.assignee = "dee";
        changed.phase = Phase::Recovery;
        changed.dueAt = m_clock.now() + 60 * kMinute;
        QVERIFY(updateTask(db(), m_clock, "ic", changed).ok());
        QCOMPARE(containment(), before);
        const auto moved = findTask(db(), *id);
        QVERIFY(moved->phase == Phase::Recovery);
        QCOMPARE(moved->assignee, std::string("dee"));

        QVERIFY(setTaskStatus(db(), m_clock, "dee", *id, TaskStatus::Done).ok());
        QCOMPARE(findTask(db(), *id)->completedBy, std::string("dee"));
        QVERIFY(!findTask(db(), *id)->overdue(m_clock.now() + 120 * kMinute));
        QVERIFY(!setTaskStatus(db(), m_clock, "dee", *id, TaskStatus::Done).ok());
        QVERIFY(setTaskStatus(db(), m_clock, "dee", *id, TaskStatus::Open).ok());
        QVERIFY(!findTask(db(), *id)->completedAt);
        QVERIFY(!addTask(db(), m_clock, "ic", Task{}).ok());   // no title
        verifyChain();
    }

    void milestonesKeepTheirOrderAndMoveThePhase()
    {
        const TimeUs now = m_clock.now();
        QVERIFY(setMilestone(db(), m_clock, "ic", Milestone::Declared, now - 60 * kMinute).ok());
        const auto early = setMilestone(db(), m_clock, "ic", Milestone::Contained, now - 90 * kMinute);
        QVERIFY(!early.ok());
        QVERIFY2(early.error().message.find("cannot come before declared") != std::string::npos, early.error().message.c_str());
        QVERIFY(!setMilestone(db(), m_clock, "ic", Milestone::Contained, now + kMinute).ok());   // future
        QVERIFY(setMilestone(db(), m_clock, "ic", Milestone::Contained).ok());
        Statement st = db().prepare("SELECT phase, contained_at FROM case_info");
        QVERIFY(st.step());
        QCOMPARE(st.text(0), std::string("Remediation"));
        QCOMPARE(st.int64(1), now);
        st.reset();
        QVERIFY(!setPhase(db(), m_clock, "ic", Phase::Triage).ok());   // backwards without confirming
        QVERIFY(setPhase(db(), m_clock, "ic", Phase::Triage, true).ok());
        QVERIFY(setPhase(db(), m_clock, "ic", Phase::Recovery).ok());
        verifyChain();
    }
};

QTEST_GUILESS_MAIN(TestPlaybooks)
#include "tst_playbooks.moc"
