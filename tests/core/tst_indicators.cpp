// Indicators of compromise and authentication forensics: JWT cases and login sequences by
// hand, imported STIX indicators matched against a real case (sightings, including
// indicators that arrive after the events), the STIX 2.1 bundle's structure against the
// schemas' rules and back through Cordon's own importer, CSV quoting, and the jwt-bypass
// simulation end to end.
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/domain/event_flags.h"
#include "core/domain/stix_observables.h"
#include "core/forensics/auth_forensics.h"
#include "core/forensics/forensic_analyzer.h"
#include "core/forensics/indicator_export.h"
#include "core/forensics/indicator_matcher.h"
#include "core/ingest/importer.h"
#include "core/sim/simulator.h"
#include "core/util/time_format.h"
#include "core/util/uuid.h"

#include <QTemporaryDir>

#include <fstream>
#include <regex>
#include <set>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::forensics;
using json = nlohmann::json;
using namespace Qt::StringLiterals;

namespace {

constexpr TimeUs kSecond = 1'000'000;
constexpr TimeUs kMinute = 60 * kSecond;
constexpr TimeUs kHour = 60 * kMinute;
constexpr TimeUs kT0 = 1'795'132'800'000'000;   // 2026-11-20T00:00:00Z



long long secs(TimeUs t)
{
    return t / kSecond;
}

AuthEvent login(std::int64_t id, TimeUs t, bool success, std::optional<GeoPoint> geo = std::nullopt)
{
    AuthEvent e;
    e.id = id;
    e.time = t;
    e.account = 1;
    e.success = success;
    e.signatureFailure = !success;
    e.geo = geo;
    return e;
}

bool has(const std::vector<AuthFinding> &findings, const char *kind)
{
    return std::any_of(findings.begin(), findings.end(), [&](const AuthFinding &f) { return f.kind == kind; });
}


/// A Cordon JSON-lines event.
json eventLine(const std::string &id, TimeUs t, const std::string &account, const std::string &ip, const std::string &prompt)
{
    return {{"id", id},         {"time", formatRfc3339(t)}, {"kind", "llm.request"}, {"source", "test"},
            {"account", account}, {"source_ip", ip},        {"prompt", prompt},      {"output", "ok"}};
}

void writeLines(const std::string &path, const std::vector<json> &records)
{
    std::ofstream out(path);
    for (const json &r : records)
        out << r.dump() << '\n';
}

json stixIndicator(const std::string &uuid, const std::string &pattern)
{
    return {{"type", "indicator"},          {"spec_version", "2.1"},     {"id", "indicator--" + uuid},
            {"created", "2026-11-01T00:00:00.000Z"}, {"modified", "2026-11-01T00:00:00.000Z"},
            {"pattern", pattern},           {"pattern_type", "stix"},   {"valid_from", "2026-11-01T00:00:00Z"},
            {"confidence", 80}};
}

void writeBundle(const std::string &path, const std::vector<json> &indicators)
{
    std::ofstream out(path);
    out << json{{"type", "bundle"}, {"id", "bundle--" + randomUuid()}, {"objects", indicators}}.dump();
}

std::int64_t sightingsOf(Database &db, const std::string &type, const std::string &value)
{
    Statement st = db.prepare("SELECT sightings FROM indicators WHERE type = ? AND value = ? AND source <> 'cordon:analysis'");
    st.bindText(1, type).bindText(2, value);
    return st.step() ? st.int64(0) : -1;
}

} // namespace

class TestIndicators : public QObject {
    Q_OBJECT

private slots:
    void jwtCases()
    {
        const TimeUs now = kT0 + 10 * kHour;
        AuthCriteria criteria;
        auto findings = [&](const json &header, const json &claims, bool success, std::optional<std::string> issued = {}) {
            AuthEvent e = login(1, now, success);
            e.token = test::jwt(header, claims);
            e.issuedRole = std::move(issued);
            return tokenFindings(e, criteria);
        };
        const json fresh = {{"sub", "u"}, {"iat", secs(now) - 60}, {"exp", secs(now) + 3600}};
        QVERIFY(findings({{"alg", "RS256"}}, fresh, true).empty());
        // alg none and a missing alg, accepted: findings; rejected: nothing wrong happened.
        QVERIFY(has(findings({{"alg", "none"}}, fresh, true), "alg_none"));
        QVERIFY(has(findings({{"typ", "JWT"}}, fresh, true), "alg_none"));
        QVERIFY(findings({{"alg", "none"}}, fresh, false).empty());
        // Expired one second before use and accepted; a token at its last valid second is fine.
        QVERIFY(has(findings({{"alg", "HS256"}}, {{"iat", secs(now) - 7200}, {"exp", secs(now) - 1}}, true), "expired_accepted"));
        QVERIFY(findings({{"alg", "HS256"}}, {{"iat", secs(now) - 7200}, {"exp", secs(now)}}, true).empty());
        // Lifetime: exactly the maximum is allowed, a second more is not.
        const long long day = 24 * 3600;
        QVERIFY(findings({{"alg", "HS256"}}, {{"iat", secs(now) - 60}, {"exp", secs(now) - 60 + day}}, true).empty());
        const auto longLived = findings({{"alg", "HS256"}}, {{"iat", secs(now) - 60}, {"exp", secs(now) - 59 + day}}, true);
        QVERIFY(has(longLived, "overlong_lifetime"));
        // Role claim differs from the role issued: escalation; the same role is not.
        const auto escalated = findings({{"alg", "HS256"}}, {{"role", "admin"}, {"exp", secs(now) + 60}}, true, "user");
        QVERIFY(has(escalated, "role_escalation"));
        QVERIFY(QString::fromStdString(escalated.front().detail).contains(u"admin"_s));
        QVERIFY(findings({{"alg", "HS256"}}, {{"role", "user"}, {"exp", secs(now) + 60}}, true, "user").empty());
        // The token is kept only as its hash.
        QCOMPARE(escalated.front().tokenSha256->size(), std::size_t(64));
        // Not a JWT at all: nothing to say.
        AuthEvent opaque = login(1, now, true);
        opaque.token = "opaque-session-cookie";
        QVERIFY(tokenFindings(opaque, criteria).empty());
    }

    void loginSequences()
    {
        AuthCriteria criteria;
        const TimeUs t = kT0 + 5 * kHour;
        // Signature failures 50 and 10 minutes before a success: one finding counting both.
        const std::vector<AuthEvent> failures = {login(3, t - 10 * kMinute, false), login(2, t - 50 * kMinute, false)};
        auto found = sequenceFindings(login(4, t, true), failures, criteria);
        QVERIFY(has(found, "failure_then_success"));
        QVERIFY2(found.front().detail.starts_with("2 signature failures"), found.front().detail.c_str());
        // Outside the window (61 min before): nothing.
        QVERIFY(sequenceFindings(login(4, t, true), {login(2, t - 61 * kMinute, false)}, criteria).empty());
        // Failures before an earlier success belong to that success.
        QVERIFY(sequenceFindings(login(4, t, true), {login(3, t - 5 * kMinute, true), login(2, t - 6 * kMinute, false)}, criteria)
                    .empty());
        // A failed login is not judged by what came before it.
        QVERIFY(sequenceFindings(login(4, t, false), failures, criteria).empty());

        // San Francisco then Moscow (9,400 km) one hour apart: impossible. Eleven hours apart:
        // an airliner could have done it. Berlin to Potsdam in a minute: under the distance
        // geolocation can be trusted for.
        const GeoPoint sf{37.77, -122.42}, moscow{55.75, 37.62}, berlin{52.52, 13.40}, potsdam{52.39, 13.06};
        QVERIFY(distanceKm(sf, moscow) > 9000 && distanceKm(sf, moscow) < 10000);
        auto travel = sequenceFindings(login(5, t, true, moscow), {login(4, t - kHour, true, sf)}, criteria);
        QVERIFY(has(travel, "impossible_travel"));
        QVERIFY(sequenceFindings(login(5, t, true, moscow), {login(4, t - 11 * kHour, true, sf)}, criteria).empty());
        QVERIFY(sequenceFindings(login(5, t, true, potsdam), {login(4, t - kMinute, true, berlin)}, criteria).empty());

        // Locations as the formats write them: ECS {lat, lon}, OCSF {lat, long}, "lat,lon" text.
        const auto read = [](const json &attributes) {
            const std::string text = attributes.dump();
            return readAuthEvent(1, kT0, "auth", 0, std::nullopt, std::nullopt, std::string_view(text));
        };
        QCOMPARE(read({{"source.geo.location", {{"lat", 55.75}, {"lon", 37.62}}}})->geo->lon, 37.62);
        QCOMPARE(read({{"src_endpoint", {{"location", {{"lat", 1.5}, {"long", 2.5}}}}}})->geo->lon, 2.5);
        QCOMPARE(read({{"client", {{"geo", {{"location", "10.5,20.25"}}}}}})->geo->lat, 10.5);
        QVERIFY(!read({{"source.geo.location", {{"lat", 91}, {"lon", 0}}}})->geo);
        // Outcome: auth.result, else the failure flag.
        QVERIFY(read({{"auth.result", "success"}})->success);
        QVERIFY(!read({{"auth.result", "failure"}, {"auth.failure_reason", "signature_invalid"}})->success);
        QVERIFY(read({{"auth.result", "failure"}, {"auth.failure_reason", "signature_invalid"}})->signatureFailure);
        QVERIFY(!readAuthEvent(1, kT0, "auth", AuthFailure, std::nullopt, std::nullopt, std::nullopt)->success);
        QVERIFY(!readAuthEvent(1, kT0, "llm.request", 0, std::nullopt, std::nullopt, std::nullopt));
    }

    void stixPatternsRoundTrip()
    {
        QCOMPARE(*stix::comparison("ip", "203.0.113.7"), std::string("ipv4-addr:value = '203.0.113.7'"));
        QCOMPARE(*stix::comparison("ip", "2001:db8::1"), std::string("ipv6-addr:value = '2001:db8::1'"));
        QCOMPARE(*stix::comparison("suffix_signature", "it's \\ odd"), std::string("x-cordon-prompt:suffix = 'it\\'s \\\\ odd'"));
        QCOMPARE(stix::unescape("it\\'s \\\\ odd"), std::string("it's \\ odd"));
        QCOMPARE(stix::typeFor("file", "hashes.'SHA-256'"), std::string("sha256"));
        QCOMPARE(stix::typeFor("file", "hashes.SHA256"), std::string("sha256"));
        QCOMPARE(stix::typeFor("x-cordon-credential", "token_sha256"), std::string("token_sha256"));
        QVERIFY(stix::typeFor("process", "name").empty());
        QVERIFY(!stix::comparison("protected_text", "secret"));
        // Name-based ids are stable and valid version-5 UUIDs.
        const std::string a = nameUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com");
        QCOMPARE(a, std::string("2ed6657d-e927-568b-95e1-2665a8aea6a2"));   // RFC 4122 DNS-namespace example
    }

    void sightingsOfImportedIndicators()
    {
        QTemporaryDir dir;
        const std::string path = test::str(dir.path() + u"/case.cordon"_s);
        auto file = test::newCase(dir.path() + u"/case.cordon"_s);
        std::vector<json> events;
        for (int i = 0; i < 10; ++i)
            events.push_back(eventLine("e" + std::to_string(i), kT0 + i * kMinute, i < 4 ? "mallory" : "alice",
                                   i % 2 ? "198.51.100." + std::to_string(i) : "203.0.113.9",
                                   i == 7 ? "please visit EVIL.example.net now" : "summarise the report"));
        const std::string first = test::str(dir.path() + u"/first.jsonl"_s);
        writeLines(first, events);
        const std::string intel = test::str(dir.path() + u"/intel.json"_s);
        writeBundle(intel, {stixIndicator("0f7b3c1e-1d2a-4b4c-8d5e-111111111111", "[ipv4-addr:value = '203.0.113.9']"),
                            stixIndicator("0f7b3c1e-1d2a-4b4c-8d5e-222222222222", "[ipv4-addr:value = '198.51.100.0/24']"),
                            stixIndicator("0f7b3c1e-1d2a-4b4c-8d5e-333333333333", "[user-account:user_id = 'mallory']"),
                            stixIndicator("0f7b3c1e-1d2a-4b4c-8d5e-444444444444", "[domain-name:value = 'evil.example.net']"),
                            stixIndicator("0f7b3c1e-1d2a-4b4c-8d5e-555555555555", "[ipv4-addr:value = '192.0.2.1']")});
        test::importFiles(*file, {intel, first});

        ForensicAnalyzer analyzer({}, SystemClock::instance());
        auto &db = file->db();
        const auto summary = analyzer.run(db, "tester");
        QCOMPARE(sightingsOf(db, "ip", "203.0.113.9"), std::int64_t(5));       // events 0, 2, 4, 6, 8
        QCOMPARE(sightingsOf(db, "ip", "198.51.100.0/24"), std::int64_t(5));   // the odd ones, by network
        QCOMPARE(sightingsOf(db, "account", "mallory"), std::int64_t(4));
        QCOMPARE(sightingsOf(db, "domain", "evil.example.net"), std::int64_t(1));   // in the prompt, any case
        QCOMPARE(sightingsOf(db, "ip", "192.0.2.1"), std::int64_t(0));
        QCOMPARE(summary.sightings, std::int64_t(15));
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM indicator_sightings"), std::int64_t(15));
        QCOMPARE(db.queryInt("SELECT first_seen FROM indicators WHERE value = 'mallory'"), kT0);
        QCOMPARE(db.queryInt("SELECT last_seen FROM indicators WHERE value = 'mallory'"), kT0 + 3 * kMinute);

        // More events and a late indicator: the new events are matched against all indicators,
        // the late indicator against every event, old and new; nothing is counted twice.
        const std::string second = test::str(dir.path() + u"/second.jsonl"_s);
        writeLines(second, {eventLine("f1", kT0 + kHour, "mallory", "192.0.2.1", "hello"),
                            eventLine("f2", kT0 + kHour + kMinute, "bob", "192.0.2.77", "hi")});
        const std::string late = test::str(dir.path() + u"/late.json"_s);
        writeBundle(late, {stixIndicator("0f7b3c1e-1d2a-4b4c-8d5e-666666666666", "[user-account:user_id = 'alice']")});
        test::importFiles(*file, {second, late});
        const auto again = analyzer.run(db, "tester");
        QCOMPARE(sightingsOf(db, "account", "mallory"), std::int64_t(5));
        QCOMPARE(sightingsOf(db, "ip", "192.0.2.1"), std::int64_t(1));
        QCOMPARE(sightingsOf(db, "account", "alice"), std::int64_t(6));   // all from the first import
        QCOMPARE(sightingsOf(db, "ip", "203.0.113.9"), std::int64_t(5));
        QCOMPARE(again.sightings, std::int64_t(8));

        // A rebuild recounts to the same numbers.
        analyzer.run(db, "tester", true);
        QCOMPARE(sightingsOf(db, "account", "alice"), std::int64_t(6));
        QCOMPARE(sightingsOf(db, "ip", "198.51.100.0/24"), std::int64_t(5));
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM indicator_sightings"), std::int64_t(23));
        const VerifyReport report = verifyCase(db, test::str(dir.path()));
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
        file.reset();

        // Sightings are covered by the audit chain: removing one, or changing a count, is caught.
        for (const QString &edit : {u"DELETE FROM indicator_sightings WHERE event_id = (SELECT MIN(event_id) FROM indicator_sightings)"_s,
                                    u"UPDATE indicators SET sightings = 99 WHERE value = 'mallory'"_s}) {
            const QString copy = dir.path() + u"/tampered.cordon"_s;
            QFile::remove(copy);
            QVERIFY(QFile::copy(QString::fromStdString(path), copy));
            QCOMPARE(test::sqlite(copy, edit).exitCode, 0);
            const auto verified = test::cli({u"verify"_s, copy});
            QVERIFY2(verified.exitCode == 4, qPrintable(verified.out + verified.err));
        }
    }

    void jwtBypassEndToEndAndExport()
    {
        QTemporaryDir dir;
        const QString casePath = dir.path() + u"/jwt.cordon"_s;
        const std::string jsonl = test::str(dir.path() + u"/jwt.jsonl"_s);
        sim::SimulationConfig config;
        config.scenario = *sim::scenarioByName("jwt-bypass");
        config.events = 20000;
        config.seed = 11;
        std::set<std::string> victims;
        std::map<std::string, int> phases;
        {
            std::ofstream out(jsonl);
            sim::Simulator(config).run([&](const sim::SimEvent &e, std::string_view line) {
                out << line << '\n';
                if (e.incident == "jwt-bypass" && e.kind == "auth") {
                    victims.insert(e.account);
                    ++phases[e.phase];
                }
            });
        }
        QVERIFY(victims.size() == 2 && phases["initial_access"] > 0 && phases["execution"] > 0);
        {
            auto file = test::newCase(casePath);
            test::importFiles(*file, {jsonl});
            // Something to keep secret, which must never leave in an export.
            file->db().exec("INSERT INTO indicators (type, value, source, created_at) VALUES"
                            " ('protected_text', 'the confidential system prompt', 'protected:sys', 1)");
        }
        const auto analyzed = test::cli({u"analyze"_s, casePath});
        QVERIFY2(analyzed.exitCode == 0, qPrintable(analyzed.err));
        {
            auto file = CaseFile::open(test::str(casePath), {true, "test"});
            QVERIFY(bool(file));
            auto &db = (*file)->db();
            // Every kind of token abuse the scenario stages is found, on the victims' accounts only.
            for (const char *kind : {"alg_none", "expired_accepted", "role_escalation", "failure_then_success"}) {
                Statement st = db.prepare("SELECT DISTINCT e.value FROM auth_findings f JOIN entities e ON e.id = f.account_id"
                                          " WHERE f.kind = ?");
                st.bindText(1, kind);
                std::set<std::string> accounts;
                while (st.step())
                    accounts.insert(st.text(0));
                QVERIFY2(accounts == victims, kind);
            }
            // Benign logins (RS256, an hour's lifetime, user role) raise nothing.
            QCOMPARE(db.queryInt("SELECT COUNT(*) FROM auth_findings f JOIN entities e ON e.id = f.account_id"
                                 " WHERE e.value NOT IN ('svc-reporting') AND e.value NOT LIKE 'u-4%'"),
                     std::int64_t(0));
            QVERIFY(db.queryInt("SELECT COUNT(*) FROM derived_indicators WHERE type = 'token_sha256'") >= phases["initial_access"]);
        }

        // The STIX bundle, by the STIX 2.1 schemas' rules.
        const QString bundlePath = dir.path() + u"/iocs.json"_s;
        auto exported = test::cli({u"iocs"_s, casePath, u"--format"_s, u"stix"_s, u"--out"_s, bundlePath});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        std::ifstream in(test::str(bundlePath));
        const json bundle = json::parse(in);
        const std::regex identifier("^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
        const std::regex timestamp("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$");
        const std::regex millis("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$");
        // A STIX pattern of one or more comparisons: [object:path = 'literal'] joined by OR.
        const std::regex pattern("^\\[[a-z0-9-]+:[A-Za-z0-9_.'-]+ = '(?:[^'\\\\]|\\\\.)*'( OR [a-z0-9-]+:[A-Za-z0-9_.'-]+ = '(?:[^'\\\\]|\\\\.)*')*\\]$");
        QCOMPARE(bundle["type"].get<std::string>(), std::string("bundle"));
        QVERIFY(std::regex_match(bundle["id"].get<std::string>(), identifier));
        std::set<std::string> ids, indicatorIds;
        int indicators = 0, sightings = 0;
        for (const json &o : bundle["objects"]) {
            const std::string type = o["type"].get<std::string>(), id = o["id"].get<std::string>();
            QVERIFY2(std::regex_match(id, identifier) && id.starts_with(type + "--"), id.c_str());
            QVERIFY2(ids.insert(id).second, "ids are unique");
            QCOMPARE(o["spec_version"].get<std::string>(), std::string("2.1"));
            QVERIFY(std::regex_match(o["created"].get<std::string>(), millis));
            QVERIFY(std::regex_match(o["modified"].get<std::string>(), millis));
            QVERIFY(o["modified"].get<std::string>() >= o["created"].get<std::string>());
            // Property names: a-z, 0-9 and _, at least 3 long (the spec's own "id" excepted).
            for (auto it = o.begin(); it != o.end(); ++it)
                QVERIFY2(it.key() == "id" || std::regex_match(it.key(), std::regex("^[a-z0-9_]{3,250}$")), it.key().c_str());
            if (type == "indicator") {
                ++indicators;
                indicatorIds.insert(id);
                QVERIFY2(std::regex_match(o["pattern"].get<std::string>(), pattern), o["pattern"].get<std::string>().c_str());
                QCOMPARE(o["pattern_type"].get<std::string>(), std::string("stix"));
                QVERIFY(std::regex_match(o["valid_from"].get<std::string>(), timestamp));
                QVERIFY(!o["indicator_types"].empty());
                if (o.contains("confidence"))
                    QVERIFY(o["confidence"].get<int>() >= 0 && o["confidence"].get<int>() <= 100);
                QVERIFY(o["pattern"].get<std::string>().find("confidential") == std::string::npos);
            } else if (type == "sighting") {
                ++sightings;
                QVERIFY(indicatorIds.count(o["sighting_of_ref"].get<std::string>()));
                QVERIFY(o["count"].get<long long>() >= 1 && o["count"].get<long long>() <= 999999999);
                QVERIFY(o["last_seen"].get<std::string>() >= o["first_seen"].get<std::string>());
            } else {
                QCOMPARE(type, std::string("identity"));
            }
        }
        QVERIFY(indicators > 0 && sightings > 0);

        // Exported again: the same ids. Imported into a fresh case: the same indicators.
        const QString againPath = dir.path() + u"/again.json"_s;
        QCOMPARE(test::cli({u"iocs"_s, casePath, u"--out"_s, againPath}).exitCode, 0);
        std::ifstream in2(test::str(againPath));
        std::set<std::string> againIds;
        const json again = json::parse(in2);
        for (const json &o : again["objects"])
            againIds.insert(o["id"].get<std::string>());
        QVERIFY(againIds == ids);
        const QString roundTrip = dir.path() + u"/roundtrip.cordon"_s;
        {
            auto file = test::newCase(roundTrip);
            test::importFiles(*file, {test::str(bundlePath)});
        }
        // Networks come back as CIDR addresses, which is what they are.
        const QString inCase = test::sqlite(casePath, u"SELECT type || '|' || value FROM derived_indicators WHERE type <> 'network'"
                                                        " UNION SELECT type || '|' || value FROM indicators WHERE type <> 'protected_text'"
                                                        " ORDER BY 1"_s).out;
        const QString imported = test::sqlite(roundTrip, u"SELECT type || '|' || value FROM indicators"
                                                         " WHERE NOT (type = 'ip' AND value LIKE '%/%') ORDER BY 1"_s).out;
        QVERIFY(!imported.isEmpty());
        QCOMPARE(imported, inCase);

        // CSV: one row per indicator, quoted where needed, formulas defused.
        const QString csvPath = dir.path() + u"/iocs.csv"_s;
        {
            auto file = CaseFile::open(test::str(casePath), {false, "test"});
            (*file)->db().exec("INSERT INTO indicators (type, value, source, created_at, name) VALUES"
                               " ('text', '=HYPERLINK(\"http://x\",\"a, b\")', 'analyst', 1, 'formula')");
        }
        QCOMPARE(test::cli({u"iocs"_s, casePath, u"--format"_s, u"csv"_s, u"--out"_s, csvPath}).exitCode, 0);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QVERIFY(text.startsWith(u"id,type,value,source,name,confidence,sightings"_s));
        QVERIFY2(text.contains(u"\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\""_s), qPrintable(text.left(400)));
        QVERIFY(!text.contains(u"confidential"_s));
        QCOMPARE(text.count(u"\r\n"_s), 1 + test::sqlite(casePath, u"SELECT (SELECT COUNT(*) FROM indicators WHERE type <> 'protected_text')"
                                                                      " + (SELECT COUNT(*) FROM derived_indicators)"_s).out.trimmed().toInt());

        // A refused format, and a path that cannot be written, are clear errors.
        QCOMPARE(test::cli({u"iocs"_s, casePath, u"--format"_s, u"xml"_s}).exitCode, 2);
        const auto unwritable = test::cli({u"iocs"_s, casePath, u"--out"_s, dir.path() + u"/no/such/dir/x.json"_s});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY(unwritable.err.contains(u"cannot write"_s));
    }
};

QTEST_GUILESS_MAIN(TestIndicators)
#include "tst_indicators.moc"
