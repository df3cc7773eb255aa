#include "core/forensics/forensic_analyzer.h"

#include "core/audit/audit_log.h"
#include "core/detect/event_signals.h"
#include "core/forensics/api_key.h"
#include "core/forensics/campaign_store.h"
#include "core/forensics/auth_recorder.h"
#include "core/forensics/event_evidence.h"
#include "core/forensics/forensic_tables.h"
#include "core/forensics/indicator_extraction.h"
#include "core/forensics/indicator_matcher.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <optional>
#include <map>
#include <set>

namespace cordon::core::forensics {
namespace {

/// Events are read in pages by id so memory stays flat however many a run covers.
constexpr std::int64_t kPage = 20'000;

constexpr const char *kSuffix = "suffix";
constexpr const char *kFamily = "family";

/// The columns every pass over events reads, by position.
enum Column { Id, Time, Account, Prompt, Output, Flags, Address, Agent, Kind, Attributes, ModelVersion };

/// Calls `visit` with each event with an id in (from, upto], read a page at a time.
template <typename Visit>
void scanEvents(Database &db, std::int64_t from, std::int64_t upto, Visit &&visit)
{
    Statement page = db.prepare(
        "SELECT id, event_time, account_id, prompt, output, flags, source_ip_id, user_agent_id, kind, attributes,"
        " model_version FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?");
    std::int64_t after = from;
    for (;;) {
        page.bind(1, after).bind(2, upto).bind(3, kPage);
        std::int64_t rows = 0;
        while (page.step()) {
            ++rows;
            after = page.int64(Id);
            visit(page);
        }
        page.reset();
        if (rows < kPage)
            break;
    }
}

std::optional<std::string_view> textAt(Statement &row, int column)
{
    return row.isNull(column) ? std::nullopt : std::optional<std::string_view>(row.textView(column));
}

MatchedEvent matchedEvent(Statement &row)
{
    return {row.int64(Id), row.int64(Time), row.optInt64(Account), row.optInt64(Address), row.optInt64(Agent),
            textAt(row, Prompt), textAt(row, Output)};
}

} // namespace

/// What a run collects before writing: new members and the profile counts to add.
struct ForensicAnalyzer::Pending {
    struct Member {
        bool family;
        std::size_t cluster;   ///< index in its NearDuplicateIndex
        std::int64_t event;
        double similarity;
        TimeUs time;
        std::optional<std::int64_t> account, address, userAgent;   ///< entity ids
        std::optional<std::string> apiKey;                         ///< hex SHA-256
    };
    struct Founder {
        std::string text;
        std::string method;
        std::int64_t event;
        TimeUs time;
    };
    std::vector<Member> members;
    std::map<std::size_t, Founder> suffixFounders, familyFounders;   ///< by index, clusters new in this run
    std::set<std::size_t> touchedSuffixes, touchedFamilies;
    std::map<std::int64_t, AccountProfile> profiles;
    std::vector<Sighting> sightings;
    IndicatorTally tally;           ///< API keys and model versions of attacks, to add to indicators
    std::int64_t authFindings = 0;
};

ForensicAnalyzer::ForensicAnalyzer(ForensicSettings settings, const Clock &clock)
    : m_settings(settings), m_clock(clock), m_suffixes(settings.suffixClusters), m_families(settings.families)
{
}

void ForensicAnalyzer::load(Database &db)
{
    m_suffixes = NearDuplicateIndex(m_settings.suffixClusters);
    m_families = NearDuplicateIndex(m_settings.families);
    m_suffixIds.clear();
    m_familyIds.clear();
    m_ledger.load(db);
    Statement rows = db.prepare("SELECT id, kind, size, exemplars FROM clusters ORDER BY id");
    while (rows.step()) {
        const bool family = rows.textView(1) == kFamily;
        NearDuplicateIndex &index = family ? m_families : m_suffixes;
        index.restore(tables::decodeSignatures(rows.blobView(3), index.hasher().hashes()),
                      static_cast<std::size_t>(rows.int64(2)));
        (family ? m_familyIds : m_suffixIds).push_back(rows.int64(0));
    }
    m_loaded = true;
}

void ForensicAnalyzer::examineEvents(Database &db, std::int64_t from, std::int64_t upto, std::int64_t analysisId,
                                     const Matchers &matchers, Pending &pending, AnalysisSummary &summary)
{
    ScannerSettings scanners;
    scanners.suffixThreshold = m_settings.suffixThreshold;
    scanners.maxTokenLifetime = m_settings.auth.maxLifetime;
    EntityNames names(db);
    AuthRecorder auth(db, m_settings.auth, names);
    std::vector<std::int64_t> hits;
    const auto addressText = [&names](std::int64_t id) -> const std::string & { return names(id); };
    scanEvents(db, from, upto, [&](Statement &row) {
        const std::int64_t id = row.int64(Id);
        const TimeUs time = row.int64(Time);
        ScannedEvent scanned;
        scanned.time = time;
        scanned.kind = row.textView(Kind);
        scanned.flags = static_cast<std::uint32_t>(row.int64(Flags));
        scanned.prompt = textAt(row, Prompt);
        scanned.output = textAt(row, Output);
        scanned.attributes = textAt(row, Attributes);
        const auto &prompt = scanned.prompt;
        const EventEvidence evidence = examineEvent(computeSignals(scanned, scanners), prompt, m_settings.suffixThreshold);
        ++summary.events;
        const auto account = row.optInt64(Account), address = row.optInt64(Address), agent = row.optInt64(Agent);
        if (account)
            pending.profiles[*account].count(evidence, time);

        if (!matchers.current.empty() || !matchers.added.empty()) {
            const MatchedEvent matched = matchedEvent(row);
            hits.clear();
            matchers.current.match(matched, addressText, hits);
            matchers.added.match(matched, addressText, hits);
            for (std::int64_t indicator : hits)
                pending.sightings.push_back({indicator, id, time});
        }

        if (scanned.kind == "auth") {
            std::optional<std::string> ip;
            if (address)
                ip = names(*address);
            if (auto a = readAuthEvent(id, time, scanned.kind, scanned.flags, account, ip, scanned.attributes))
                pending.authFindings += auth.examine(*a, analysisId);
        }
        if (evidence.successfulJailbreak && !row.isNull(ModelVersion))
            pending.tally.add("model_version", row.text(ModelVersion), time);
        if (!evidence.attack() || !prompt)
            return;
        ++summary.attackEvents;
        std::optional<std::string> key = scanned.attributes ? apiKeyHash(*scanned.attributes) : std::nullopt;
        if (key)
            pending.tally.add("api_key_sha256", *key, time);

        const ClusterAssignment family = m_families.add(*prompt);
        pending.members.push_back({true, family.cluster, id, family.similarity, time, account, address, agent, key});
        pending.touchedFamilies.insert(family.cluster);
        if (family.founded)
            pending.familyFounders[family.cluster] = {std::string(*prompt), "whole", id, time};

        if (evidence.suffix) {
            ++summary.suffixes;
            const ClusterAssignment suffix = m_suffixes.add(evidence.suffix->text);
            pending.members.push_back({false, suffix.cluster, id, suffix.similarity, time, account, address, agent, key});
            pending.touchedSuffixes.insert(suffix.cluster);
            if (suffix.founded)
                pending.suffixFounders[suffix.cluster] = {std::string(evidence.suffix->text),
                                                          std::string(toString(evidence.suffix->method)), id, time};
        }
    });
}

void ForensicAnalyzer::matchEarlierEvents(Database &db, std::int64_t upto, const IndicatorMatcher &added, Pending &pending)
{
    if (added.empty() || upto <= 0)
        return;
    EntityNames names(db);
    const auto addressText = [&names](std::int64_t id) -> const std::string & { return names(id); };
    std::vector<std::int64_t> hits;
    scanEvents(db, 0, upto, [&](Statement &row) {
        hits.clear();
        added.match(matchedEvent(row), addressText, hits);
        for (std::int64_t indicator : hits)
            pending.sightings.push_back({indicator, row.int64(Id), row.int64(Time)});
    });
}

void ForensicAnalyzer::writeClusters(Database &db, Pending &pending, std::int64_t analysisId)
{
    Statement insert = db.prepare(
        "INSERT INTO clusters (kind, method, representative, representative_event, size, accounts, first_seen, last_seen,"
        " exemplars) VALUES (?, ?, ?, ?, 0, 0, ?, ?, x'')");
    // New clusters take ids in the order of their founding events (a prompt's family before
    // its suffix), so the ids do not depend on where run boundaries fell.
    struct NewCluster {
        bool family;
        std::size_t index;
        const Pending::Founder *founder;
    };
    std::vector<NewCluster> founded;
    for (const auto &[index, f] : pending.familyFounders)
        founded.push_back({true, index, &f});
    for (const auto &[index, f] : pending.suffixFounders)
        founded.push_back({false, index, &f});
    std::stable_sort(founded.begin(), founded.end(), [](const NewCluster &a, const NewCluster &b) {
        return a.founder->event != b.founder->event ? a.founder->event < b.founder->event : a.family > b.family;
    });
    for (const NewCluster &c : founded) {
        const Pending::Founder &f = *c.founder;
        insert.bindText(1, c.family ? kFamily : kSuffix).bindText(2, f.method).bindText(3, f.text).bind(4, f.event);
        insert.bind(5, f.time).bind(6, f.time).run();
        std::vector<std::int64_t> &ids = c.family ? m_familyIds : m_suffixIds;
        if (ids.size() <= c.index)
            ids.resize(c.index + 1, 0);
        ids[c.index] = db.lastInsertRowId();
    }

    // Aggregates change by what this run added, so a run costs the same in a large case.
    struct Change {
        std::int64_t members = 0, accounts = 0;
        TimeUs first = INT64_MAX, last = INT64_MIN;
    };
    std::map<std::int64_t, Change> changes;
    EntityNames names(db);
    Statement member = db.prepare(
        "INSERT OR IGNORE INTO cluster_members (cluster_id, event_id, similarity, analysis_id) VALUES (?, ?, ?, ?)");
    for (const auto &m : pending.members) {
        const std::int64_t cluster = (m.family ? m_familyIds : m_suffixIds)[m.cluster];
        member.bind(1, cluster).bind(2, m.event).bind(3, m.similarity).bind(4, analysisId);
        member.run();
        Change &c = changes[cluster];
        ++c.members;
        c.first = std::min(c.first, m.time);
        c.last = std::max(c.last, m.time);
        if (m.account) {
            Infrastructure used;
            used.address = m.address ? &names(*m.address) : nullptr;
            used.userAgent = m.userAgent ? &names(*m.userAgent) : nullptr;
            used.apiKey = m.apiKey ? &*m.apiKey : nullptr;
            c.accounts += m_ledger.add(*m.account, m.event, m.time, cluster, m.family, used, names);
        }
    }
    Statement update = db.prepare(
        "UPDATE clusters SET size = size + ?2, accounts = accounts + ?3, first_seen = MIN(first_seen, ?4),"
        " last_seen = MAX(last_seen, ?5), exemplars = ?6 WHERE id = ?1");
    auto refresh = [&](const std::set<std::size_t> &touched, const NearDuplicateIndex &index, const std::vector<std::int64_t> &ids) {
        for (std::size_t i : touched) {
            const Change &c = changes[ids[i]];
            const std::string blob = tables::encodeSignatures(index.clusters()[i].exemplars);
            update.bind(1, ids[i]).bind(2, c.members).bind(3, c.accounts).bind(4, c.first).bind(5, c.last);
            update.bindBlob(6, blob.data(), blob.size());
            update.run();
        }
    };
    refresh(pending.touchedSuffixes, m_suffixes, m_suffixIds);
    refresh(pending.touchedFamilies, m_families, m_familyIds);
}

void ForensicAnalyzer::deriveAndMatch(Database &db, Pending &pending, bool campaignsChanged,
                                      const std::set<std::int64_t> &accounts, const std::string &actor,
                                      AnalysisSummary &summary)
{
    const TimeUs now = m_clock.now();
    summary.authFindings = pending.authFindings;
    summary.sightings = recordSightings(db, pending.sightings, summary.analysisId, now, actor);
    std::set<std::int64_t> clusters;
    for (std::size_t i : pending.touchedSuffixes)
        clusters.insert(m_suffixIds[i]);
    for (std::size_t i : pending.touchedFamilies)
        clusters.insert(m_familyIds[i]);
    DerivedChanges derived = deriveIndicators(db, clusters, campaignsChanged, accounts, summary.analysisId);
    for (DerivedIndicator &d : pending.tally.indicators())
        derived.indicators.push_back(std::move(d));
    summary.indicatorsDerived = storeDerived(db, derived);
}

bool ForensicAnalyzer::hasWork(Database &db)
{
    return db.queryInt("SELECT value FROM meta WHERE key = 'forensics_upto'")
               < db.queryInt("SELECT COALESCE(MAX(id), 0) FROM events")
        || db.queryInt("SELECT value FROM meta WHERE key = 'indicators_matched_upto'")
               < db.queryInt("SELECT COALESCE(MAX(id), 0) FROM indicators");
}

AnalysisSummary ForensicAnalyzer::run(Database &db, const std::string &actor, bool rebuild, std::int64_t maxEvents)
{
    const auto t0 = std::chrono::steady_clock::now();
    AnalysisSummary summary;
    summary.rebuilt = rebuild;
    const TimeUs startedAt = m_clock.now();
    WriteTransaction txn(db);
    if (rebuild) {
        tables::clearResults(db);
        resetSightings(db, startedAt, actor);
        m_loaded = false;
    }
    if (!m_loaded)
        load(db);
    summary.fromEvent = db.queryInt("SELECT value FROM meta WHERE key = 'forensics_upto'");
    summary.uptoEvent = db.queryInt("SELECT COALESCE(MAX(id), 0) FROM events");
    if (maxEvents > 0) {
        Statement slice = db.prepare("SELECT id FROM events WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?");
        slice.bind(1, summary.fromEvent).bind(2, maxEvents - 1);
        if (slice.step() && slice.int64(0) < summary.uptoEvent) {
            summary.uptoEvent = slice.int64(0);
            summary.more = true;
        }
    }

    // The run's row first, so members can name it; its digests are filled in at the end.
    Statement open = db.prepare(
        "INSERT INTO analyses (started_at, finished_at, from_event, upto_event, settings, summary, rebuilt, members,"
        " members_sha256, state_sha256) VALUES (?, ?, ?, ?, ?, '{}', ?, 0, x'', x'')");
    open.bind(1, startedAt).bind(2, startedAt).bind(3, summary.fromEvent).bind(4, summary.uptoEvent);
    open.bindText(5, m_settings.toJson().dump()).bind(6, rebuild ? 1 : 0);
    open.run();
    summary.analysisId = db.lastInsertRowId();

    Matchers matchers;
    const std::int64_t matchedUpto = db.queryInt("SELECT value FROM meta WHERE key = 'indicators_matched_upto'");
    const std::int64_t newestIndicator = db.queryInt("SELECT COALESCE(MAX(id), 0) FROM indicators");
    matchers.current.load(db, 0, matchedUpto);
    matchers.added.load(db, matchedUpto, newestIndicator);

    Pending pending;
    try {
        examineEvents(db, summary.fromEvent, summary.uptoEvent, summary.analysisId, matchers, pending, summary);
        matchEarlierEvents(db, summary.fromEvent, matchers.added, pending);
        writeClusters(db, pending, summary.analysisId);
        std::set<std::int64_t> assess;
        for (const auto &[account, p] : pending.profiles)
            assess.insert(account);
        tables::addToProfiles(db, pending.profiles);

        // Campaigns only change when clustered attack events arrived (or on a rebuild).
        const bool campaignsChanged = !pending.members.empty() || rebuild;
        if (campaignsChanged) {
            CampaignRefresh refreshed = refreshCampaigns(db, m_ledger, m_settings.campaigns);
            assess.insert(refreshed.touchedAccounts.begin(), refreshed.touchedAccounts.end());
        }
        tables::assessProfiles(db, assess, m_settings.profiles);
        deriveAndMatch(db, pending, campaignsChanged, assess, actor, summary);
    } catch (...) {
        // The in-memory clusters may now hold members the rolled-back transaction lost.
        m_loaded = false;
        throw;
    }
    Statement matched = db.prepare("UPDATE meta SET value = ? WHERE key = 'indicators_matched_upto'");
    matched.bind(1, newestIndicator);
    matched.run();

    summary.newSuffixClusters = static_cast<std::int64_t>(pending.suffixFounders.size());
    summary.newFamilies = static_cast<std::int64_t>(pending.familyFounders.size());
    summary.suffixClusters = static_cast<std::int64_t>(m_suffixes.clusters().size());
    summary.families = static_cast<std::int64_t>(m_families.clusters().size());
    summary.profiles = db.queryInt("SELECT COUNT(*) FROM account_profiles");
    summary.suspendable = db.queryInt("SELECT COUNT(*) FROM account_profiles WHERE suspend");
    summary.campaigns = db.queryInt("SELECT COUNT(*) FROM campaigns");
    summary.campaignAccounts = db.queryInt("SELECT COUNT(DISTINCT account_id) FROM campaign_accounts");

    const nlohmann::json counts = {{"events", summary.events},           {"attack_events", summary.attackEvents},
                                   {"suffixes", summary.suffixes},       {"new_suffix_clusters", summary.newSuffixClusters},
                                   {"new_families", summary.newFamilies}, {"suffix_clusters", summary.suffixClusters},
                                   {"families", summary.families},       {"profiles", summary.profiles},
                                   {"suspendable", summary.suspendable}, {"campaigns", summary.campaigns},
                                   {"campaign_accounts", summary.campaignAccounts},
                                   {"auth_findings", summary.authFindings},   {"sightings", summary.sightings},
                                   {"indicators_derived", summary.indicatorsDerived}, {"rebuilt", rebuild}};
    const Digest members = tables::membersDigest(db, summary.analysisId);
    const Digest state = tables::stateDigest(db);
    Statement close = db.prepare(
        "UPDATE analyses SET finished_at = ?1, summary = ?2, members = ?6, members_sha256 = ?4, state_sha256 = ?5 WHERE id = ?3");
    close.bind(1, m_clock.now()).bindText(2, counts.dump()).bind(3, summary.analysisId);
    close.bindBlob(4, members.data(), members.size()).bindBlob(5, state.data(), state.size());
    close.bind(6, tables::appendedRows(db, summary.analysisId));
    close.run();
    AuditLog::record(db, m_clock.now(), {actor, "forensics.analyze", "analysis", summary.analysisId, counts});
    Statement mark = db.prepare("UPDATE meta SET value = ? WHERE key = 'forensics_upto'");
    mark.bind(1, summary.uptoEvent);
    mark.run();
    txn.commit();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return summary;
}

} // namespace cordon::core::forensics
