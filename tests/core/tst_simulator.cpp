// The traffic simulator: deterministic for a seed, and its ground truth agrees with what it wrote.
#include "core/ingest/cordon_jsonl.h"
#include "core/sim/simulator.h"
#include "core/util/time_format.h"

#include <QTest>

#include <map>
#include <set>

using namespace cordon::core;
using namespace cordon::core::sim;

namespace {

struct Output {
    std::string text;
    std::vector<std::string> lines;
    nlohmann::json truth;
};

Output simulate(const std::string &scenario, std::int64_t events, std::uint64_t seed)
{
    SimulationConfig config;
    config.scenario = *scenarioByName(scenario);
    config.events = events;
    config.seed = seed;
    Output out;
    out.truth = Simulator(config).run([&](const SimEvent &, std::string_view line) {
        out.text.append(line).push_back('\n');
        out.lines.emplace_back(line);
    });
    return out;
}

} // namespace

class TestSimulator : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameBytes()
    {
        const auto a = simulate("mixed", 20'000, 42);
        const auto b = simulate("mixed", 20'000, 42);
        QCOMPARE(a.text.size(), b.text.size());
        QVERIFY(a.text == b.text);
        QVERIFY(a.truth == b.truth);
        const auto c = simulate("mixed", 20'000, 43);
        QVERIFY(a.text != c.text);
    }

    void exactCountInTimeOrderAndValidFormat()
    {
        const auto out = simulate("mixed", 15'000, 3);
        QCOMPARE(out.lines.size(), std::size_t(15'000));
        QCOMPARE(out.truth["events"].get<std::int64_t>(), std::int64_t(15'000));
        TimeUs last = 0;
        std::set<std::string> ids;
        for (const auto &line : out.lines) {
            auto e = parseCordonEvent(line, "sim", 0);
            QVERIFY2(e.ok(), e.ok() ? "" : e.error().message.c_str());
            QVERIFY(e->eventTime >= last);
            last = e->eventTime;
            QVERIFY(ids.insert(*e->externalId).second);
        }
        const TimeUs start = *parseRfc3339(out.truth["start"].get<std::string>());
        const TimeUs end = *parseRfc3339(out.truth["end"].get<std::string>());
        QVERIFY(last < end);
        QVERIFY(parseCordonEvent(out.lines.front(), "sim", 0)->eventTime >= start);
    }

    void groundTruthMatchesEvents()
    {
        const auto out = simulate("mixed", 40'000, 11);
        std::map<std::string, nlohmann::json> byId;
        for (const auto &line : out.lines) {
            auto j = nlohmann::json::parse(line);
            byId[j["id"].get<std::string>()] = j;
        }
        const auto &incidents = out.truth["incidents"];
        QCOMPARE(incidents.size(), std::size_t(5));
        std::set<std::string> incidentAccounts;
        std::set<std::string> labelled;
        for (const auto &inc : incidents) {
            const auto ids = inc["event_ids"].get<std::vector<std::string>>();
            QVERIFY2(!ids.empty(), inc["id"].get<std::string>().c_str());
            QCOMPARE(inc["event_count"].get<std::size_t>(), ids.size());
            std::set<std::string> accounts, sessions;
            for (const auto &id : ids) {
                QVERIFY2(byId.count(id), id.c_str());
                accounts.insert(byId[id]["account"].get<std::string>());
                sessions.insert(byId[id]["session"].get<std::string>());
                QVERIFY(labelled.insert(id).second); // an event belongs to one incident only
            }
            QCOMPARE(accounts, inc["accounts"].get<std::set<std::string>>());
            QCOMPARE(sessions, inc["sessions"].get<std::set<std::string>>());
            for (const auto &a : accounts)
                incidentAccounts.insert(a);
        }
        // Attack accounts are not used by benign traffic, so account-level truth is exact.
        for (const auto &[id, j] : byId) {
            if (!labelled.count(id))
                QVERIFY2(!incidentAccounts.count(j.value("account", std::string())),
                         id.c_str());
        }
        // The jailbreak campaign: many accounts on three shared /24s, suffix families covering its attempts.
        const auto &campaign = incidents[0];
        QCOMPARE(campaign["id"].get<std::string>(), std::string("jailbreak-campaign"));
        QVERIFY(campaign["accounts"].size() >= 12);
        std::set<std::string> prefixes;
        for (const auto &ip : campaign["source_ips"])
            prefixes.insert(ip.get<std::string>().substr(0, ip.get<std::string>().rfind('.')));
        QCOMPARE(prefixes.size(), std::size_t(3));
        std::size_t familyMembers = 0;
        for (const auto &[family, ids] : campaign["suffix_families"].items()) {
            for (const auto &id : ids) {
                const std::string prompt = byId[id.get<std::string>()]["prompt"].get<std::string>();
                QVERIFY(prompt.size() > 40);
            }
            familyMembers += ids.size();
        }
        QCOMPARE(campaign["suffix_families"].size(), std::size_t(3));
        QVERIFY(familyMembers > campaign["event_ids"].size() / 2);
        // The leaked system prompt appears in injection outputs; cards in PII outputs pass Luhn.
        bool leaked = false;
        for (const auto &id : incidents[1]["event_ids"])
            leaked = leaked || byId[id.get<std::string>()]["output"].get<std::string>().find("ESC-4471-ALPHA") != std::string::npos;
        QVERIFY(leaked);
    }

    void benignScenarioHasNoIncidents()
    {
        const auto out = simulate("benign", 5'000, 1);
        QCOMPARE(out.lines.size(), std::size_t(5'000));
        QVERIFY(out.truth["incidents"].empty());
        for (const auto &line : out.lines)
            QVERIFY(line.find("ESC-4471") == std::string::npos);
    }

    void diurnalRateIsVisible()
    {
        // More traffic in the afternoon (UTC) than at night.
        const auto out = simulate("benign", 48'000, 5);
        std::int64_t night = 0, afternoon = 0;
        for (const auto &line : out.lines) {
            const auto t = *parseRfc3339(nlohmann::json::parse(line)["time"].get<std::string>());
            const int hour = static_cast<int>((t / 3'600'000'000) % 24);
            night += hour >= 2 && hour < 5;
            afternoon += hour >= 13 && hour < 16;
        }
        QVERIFY2(afternoon > 2 * night, qPrintable(QStringLiteral("%1 vs %2").arg(afternoon).arg(night)));
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
