// What the Investigate page reads, on a real case built from simulated mixed traffic and
// analysed by forensics: each answer is checked against plain SQL over the same file.
#include "test_support.h"

#include "core/detect/detection_engine.h"
#include "core/forensics/forensic_analyzer.h"
#include "core/query/case_reader.h"
#include "core/triage/alert_account_tally.h"
#include "core/triage/alert_triage.h"
#include "core/query/investigation.h"
#include "core/sim/simulator.h"

#include <fstream>
#include <map>
#include <set>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::investigation;
using namespace Qt::StringLiterals;

class TestInvestigation : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_file;

private Q_SLOTS:
    void initTestCase()
    {
        const std::string jsonl = test::str(m_dir.filePath(u"mixed.jsonl"_s));
        sim::SimulationConfig config;
        config.scenario = *sim::scenarioByName("mixed");
        config.events = 8'000;
        config.seed = 5;
        {
            std::ofstream out(jsonl);
            sim::Simulator(config).run([&](const sim::SimEvent &, std::string_view line) { out << line << '\n'; });
        }
        m_file = test::newCase(m_dir.filePath(u"inv.cordon"_s));
        test::importFiles(*m_file, {jsonl});
        forensics::ForensicAnalyzer({}, SystemClock::instance()).run(m_file->db(), "tester");
        DetectionEngine(DetectionConfig::builtIn(), SystemClock::instance()).run(m_file->db());
    }

    void accountsRiskiestFirstInPages()
    {
        Database &db = m_file->db();
        const auto all = accountsByRisk(db, 0, 100'000);
        QCOMPARE(static_cast<std::int64_t>(all.size()), db.queryInt("SELECT COUNT(*) FROM entities WHERE kind = 'account'"));
        QVERIFY(std::is_sorted(all.begin(), all.end(), [](const AccountRow &a, const AccountRow &b) { return a.risk > b.risk; }));
        QVERIFY(all.front().risk > 0);
        QVERIFY(all.front().suspend);   // the mixed scenario has accounts meeting the criteria
        QVERIFY(!all.front().reasons.empty());
        // Pages continue each other exactly.
        const auto second = accountsByRisk(db, 10, 10);
        QCOMPARE(second.size(), std::size_t(10));
        for (std::size_t i = 0; i < second.size(); ++i)
            QCOMPARE(second[i].name, all[10 + i].name);
        const auto named = accountNamed(db, all[3].name);
        QVERIFY(named);
        QCOMPARE(named->id, all[3].id);
        QCOMPARE(named->requests, all[3].requests);
        QVERIFY(!accountNamed(db, "nobody"));
    }

    void sessionsAndTheirEventsAddUp()
    {
        Database &db = m_file->db();
        const AccountRow top = accountsByRisk(db, 0, 1).front();
        const auto sessions = sessionsOf(db, top.id);
        QVERIFY(!sessions.empty());
        std::int64_t total = 0;
        for (const SessionRow &s : sessions) {
            total += s.events;
            QVERIFY(s.first <= s.last);
            const auto ids = sessionEvents(db, top.id, s.id, 1'000'000);
            QCOMPARE(static_cast<std::int64_t>(ids.size()), s.events);
            Statement check = db.prepare("SELECT COUNT(*), MIN(event_time) FROM events"
                                         " WHERE account_id = ?1 AND COALESCE(session_id, 0) = ?2");
            check.bind(1, top.id).bind(2, s.id);
            QVERIFY(check.step());
            QCOMPARE(check.int64(0), s.events);
            QCOMPARE(check.int64(1), s.first);
            // Every flag of the session's union is carried by some event of it, and no event
            // carries a flag outside it.
            Statement outside = db.prepare("SELECT COUNT(*) FROM events WHERE account_id = ?1 AND COALESCE(session_id, 0) = ?2"
                                           " AND (flags & ~?3) <> 0");
            outside.bind(1, top.id).bind(2, s.id).bind(3, static_cast<std::int64_t>(s.flags));
            QVERIFY(outside.step());
            QCOMPARE(outside.int64(0), std::int64_t(0));
            for (int bit = 0; bit < 32; ++bit) {
                if (!(s.flags & (1u << bit)))
                    continue;
                Statement carried = db.prepare("SELECT COUNT(*) FROM events WHERE account_id = ?1"
                                               " AND COALESCE(session_id, 0) = ?2 AND (flags & ?3) <> 0");
                carried.bind(1, top.id).bind(2, s.id).bind(3, std::int64_t(1) << bit);
                QVERIFY(carried.step());
                QVERIFY(carried.int64(0) > 0);
            }
        }
        QCOMPARE(total, db.queryInt("SELECT COUNT(*) FROM events WHERE account_id = " + std::to_string(top.id)));
        const auto firstThree = sessionEvents(db, top.id, sessions.front().id, 3);
        QVERIFY(firstThree.size() <= 3);
        Statement times = db.prepare("SELECT event_time FROM events WHERE id = ?");
        TimeUs previous = 0;
        for (std::int64_t id : sessionEvents(db, top.id, sessions.front().id, 1000)) {
            times.bind(1, id);
            QVERIFY(times.step());
            QVERIFY(times.int64(0) >= previous);
            previous = times.int64(0);
            times.reset();
        }
    }

    /// The Overview's counters: affected accounts are the union of what the alerts not
    /// dismissed cite; a dismissal takes away the accounts only that alert cited.
    void overviewCounters()
    {
        CaseReader reader(m_file->openReadConnection());
        Database &db = m_file->db();
        auto union_ = [&db](std::optional<std::int64_t> without) {
            std::set<std::string> accounts;
            for (const AlertSummary &a : listAlerts(db, 0)) {
                if (a.status != AlertStatus::Dismissed && a.id != without.value_or(-1))
                    for (const std::string &name : alertAccounts(db, a.id, 1'000'000).top)
                        accounts.insert(name);
            }
            return static_cast<std::int64_t>(accounts.size());
        };
        const std::int64_t affected = reader.affectedAccounts();
        QVERIFY(affected > 0);
        QCOMPARE(affected, union_(std::nullopt));
        // Dismiss the alert whose accounts no other alert cites, if there is one; else any.
        const auto alerts = listAlerts(db, 0);
        std::int64_t chosen = alerts.front().id;
        for (const AlertSummary &a : alerts) {
            if (union_(a.id) < affected) {
                chosen = a.id;
                break;
            }
        }
        AlertDecision dismiss;
        dismiss.kind = AlertDecision::Kind::Dismiss;
        dismiss.actor = "tester";
        dismiss.reason = "benign test traffic";
        QVERIFY(decideAlert(db, SystemClock::instance(), chosen, dismiss));
        QCOMPARE(reader.affectedAccounts(), union_(std::nullopt));
        QVERIFY(reader.affectedAccounts() < affected);

        const auto found = campaigns(db);
        QVERIFY(!found.empty());
        TimeUs newest = 0;
        for (const CampaignRow &c : found)
            newest = std::max(newest, c.lastSeen);
        const auto counts = reader.campaignCounts(newest);
        QCOMPARE(counts.total, static_cast<std::int64_t>(found.size()));
        QCOMPARE(counts.active, static_cast<std::int64_t>(std::count_if(found.begin(), found.end(),
                                                                        [&](const CampaignRow &c) { return c.lastSeen == newest; })));
        QCOMPARE(reader.campaignCounts(newest + 1).active, std::int64_t(0));
        QCOMPARE(reader.campaignCounts(0).active, counts.total);
    }

    /// What the command palette offers for typed text: any case, anywhere in the name,
    /// names starting with it first, a bounded number of each kind.
    void entitiesMatchWhatWasTyped()
    {
        Database &db = m_file->db();
        Statement first = db.prepare("SELECT value FROM entities WHERE kind = 'account' ORDER BY id LIMIT 1");
        QVERIFY(first.step());
        const std::string account = first.text(0);
        QVERIFY(account.size() > 3);
        const std::string middle = account.substr(1);
        QString upper = QString::fromStdString(middle).toUpper();
        auto found = entitiesMatching(db, upper.toStdString(), 5);
        QVERIFY(std::any_of(found.begin(), found.end(), [&](const EntityMatch &m) { return m.kind == "account" && m.value == account; }));
        for (const EntityMatch &m : found)
            QVERIFY(QString::fromStdString(m.value).contains(upper, Qt::CaseInsensitive));

        const std::string start = account.substr(0, 2);
        found = entitiesMatching(db, start, 3);
        const auto accounts = std::count_if(found.begin(), found.end(), [](const EntityMatch &m) { return m.kind == "account"; });
        QCOMPARE(accounts, 3);
        QVERIFY(found.front().value.starts_with(start));
        QVERIFY(entitiesMatching(db, "%", 5).empty());   // typed text is not a pattern
        QVERIFY(entitiesMatching(db, "", 5).empty());
    }

    void clustersCampaignsAndIndicators()
    {
        Database &db = m_file->db();
        const auto found = clusters(db);
        QVERIFY(!found.empty());
        QCOMPARE(found.front().kind, std::string("suffix"));
        for (const ClusterRow &c : found) {
            QCOMPARE(c.size, db.queryInt("SELECT COUNT(*) FROM cluster_members WHERE cluster_id = " + std::to_string(c.id)));
        }
        const auto members = clusterMembers(db, found.front().id, 5);
        QCOMPARE(members.size(), std::min<std::size_t>(5, static_cast<std::size_t>(found.front().size)));
        QVERIFY(std::is_sorted(members.rbegin(), members.rend()));

        const auto all = campaigns(db);
        QVERIFY(!all.empty());
        for (const CampaignRow &c : all) {
            QCOMPARE(static_cast<std::int64_t>(c.members.size()),
                     db.queryInt("SELECT COUNT(*) FROM campaign_accounts WHERE campaign_id = " + std::to_string(c.id)));
            for (const auto &m : c.members)
                QVERIFY(!m.reasons.empty());
            QVERIFY(c.evidence.contains("links"));
        }
        // The graph: every member a node, the links between them, and only shared IPs.
        const CampaignGraph g = campaignGraph(db, all.front());
        using Kind = CampaignGraph::Node::Kind;
        const auto accounts = std::count_if(g.nodes.begin(), g.nodes.end(), [](const auto &n) { return n.kind == Kind::Account; });
        QCOMPARE(static_cast<std::size_t>(accounts), all.front().members.size());
        QVERIFY(std::any_of(g.nodes.begin(), g.nodes.end(), [](const auto &n) { return n.kind == Kind::Cluster; }));
        std::map<std::size_t, int> usersOf;
        for (const auto &e : g.edges) {
            QVERIFY(e.a < g.nodes.size() && e.b < g.nodes.size());
            QVERIFY(g.nodes[e.a].kind == Kind::Account);
            if (g.nodes[e.b].kind != Kind::Account)
                ++usersOf[e.b];
            if (g.nodes[e.b].kind == Kind::SourceIp) {   // the member really used that address
                Statement used = db.prepare("SELECT COUNT(*) FROM events WHERE account_id = ? AND source_ip_id = ?");
                used.bind(1, g.nodes[e.a].id).bind(2, g.nodes[e.b].id);
                QVERIFY(used.step());
                QVERIFY(used.int64(0) > 0);
            }
        }
        for (const auto &[node, users] : usersOf)
            QVERIFY2(users >= 2, g.nodes[node].label.c_str());   // shared by two or more members
        QVERIFY(std::count_if(g.edges.begin(), g.edges.end(), [&](const auto &e) { return g.nodes[e.b].kind == Kind::Account; })
                > 0);

        // Threat intelligence with its sightings, beside what forensics derived.
        db.exec("INSERT INTO indicators (id, type, value, source, confidence, sightings, created_at)"
                " VALUES (900, 'ipv4', '203.0.113.9', 'stix:test', 80, 3, 0)");
        db.exec("INSERT INTO indicator_sightings SELECT 900, id, 0 FROM events ORDER BY id LIMIT 3");
        const auto list = indicators(db);
        QCOMPARE(static_cast<std::int64_t>(list.size()), db.queryInt("SELECT (SELECT COUNT(*) FROM indicators)"
                                                                     " + (SELECT COUNT(*) FROM derived_indicators)"));
        QVERIFY(std::is_sorted(list.begin(), list.end(),
                               [](const IndicatorRow &a, const IndicatorRow &b) { return a.sightings > b.sightings; }));
        const auto intel = std::find_if(list.begin(), list.end(), [](const IndicatorRow &i) { return i.id == 900; });
        QVERIFY(intel != list.end());
        QCOMPARE(intel->source, std::string("stix:test"));
        QCOMPARE(sightings(db, 900, 10), (std::vector<std::int64_t>{3, 2, 1}));
        QVERIFY(std::any_of(list.begin(), list.end(), [](const IndicatorRow &i) { return i.source == "forensics"; }));
    }

    /// The overview's tally of cited accounts reads only what changed, and always agrees
    /// with counting again from scratch: as links are added, taken away and dismissed.
    void accountTallyFollowsTheAlerts()
    {
        Database &db = m_file->db();
        CaseReader reader(m_file->openReadConnection());
        WriteTransaction txn(db);   // rolled back at the end: the other tests keep the case as it was
        AlertAccountTally tally;
        auto agrees = [&](const char *when) {
            const auto alerts = listAlerts(db, 0);
            tally.update(db, alerts);
            QVERIFY2(tally.affectedAccounts() == countAffectedAccounts(db), when);
            for (const AlertSummary &a : alerts) {
                const AlertAccounts expected = alertAccounts(db, a.id, 3);
                const AlertAccounts got = tally.accountsOf(db, a.id, 3);
                QVERIFY2(got.top == expected.top && got.distinct == expected.distinct, when);
            }
        };
        agrees("first read");
        QVERIFY(tally.affectedAccounts() > 0);

        // An alert cites newer events of accounts it did not cite before.
        const AlertSummary first = listAlerts(db, 0).front();
        Statement newer = db.prepare(
            "SELECT id FROM events WHERE account_id IS NOT NULL AND id > (SELECT MAX(event_id) FROM alert_events"
            " WHERE alert_id = ?) AND account_id NOT IN (SELECT e.account_id FROM alert_events ae JOIN events e"
            " ON e.id = ae.event_id WHERE ae.alert_id = ?) LIMIT 50");
        newer.bind(1, first.id).bind(2, first.id);
        std::int64_t added = 0;
        while (newer.step()) {
            db.exec("INSERT INTO alert_events (alert_id, event_id) VALUES (" + std::to_string(first.id) + ", "
                    + std::to_string(newer.int64(0)) + ")");
            ++added;
        }
        newer.reset();
        QVERIFY(added > 0);
        db.exec("UPDATE alerts SET event_count = event_count + " + std::to_string(added) + " WHERE id = "
                + std::to_string(first.id));
        agrees("after newer events were linked");

        // Links taken away (an undone merge): the alert is read afresh.
        db.exec("DELETE FROM alert_events WHERE alert_id = " + std::to_string(first.id)
                + " AND event_id IN (SELECT event_id FROM alert_events WHERE alert_id = " + std::to_string(first.id)
                + " ORDER BY event_id LIMIT 3)");
        db.exec("UPDATE alerts SET event_count = event_count - 3 WHERE id = " + std::to_string(first.id));
        agrees("after links were taken away");

        // A dismissal counts without the alert's accounts.
        db.exec("UPDATE alerts SET status = 'dismissed' WHERE id = " + std::to_string(first.id));
        agrees("after a dismissal");
    }
};

QTEST_GUILESS_MAIN(TestInvestigation)
#include "tst_investigation.moc"
