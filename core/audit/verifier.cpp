#include "core/audit/verifier.h"

#include "core/audit/audit_log.h"
#include "core/audit/audited_objects.h"
#include "core/audit/row_encoder.h"
#include "core/forensics/forensic_tables.h"
#include "core/ingest/batch_committer.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <map>

namespace cordon::core {
namespace {

constexpr std::size_t kMaxProblems = 20;

Digest toDigest(std::string_view bytes)
{
    Digest d{};
    if (bytes.size() == d.size())
        std::copy(bytes.begin(), bytes.end(), d.begin());
    return d;
}

struct ObjectState {
    Digest state{};
    std::int64_t seq = 0;
};

class Walker {
public:
    Walker(Database &db, const std::string &dir, VerifyReport &report) : m_db(db), m_dir(dir), m_report(report) {}

    void run()
    {
        walkChain();
        checkObjects();
        checkBatches();
        checkCounters();
        checkEvidence();
        checkForensics();
    }

private:
    void problem(std::string text)
    {
        if (m_report.problems.size() < kMaxProblems)
            m_report.problems.push_back(std::move(text));
    }

    void walkChain()
    {
        Statement st = m_db.prepare("SELECT " + std::string(kAuditColumns) + " FROM audit ORDER BY seq");
        Digest prev{};
        std::int64_t expected = 1;
        bool chainBroken = false;
        while (st.step()) {
            const AuditEntry e = auditEntryAt(st);
            ++m_report.auditEntries;
            const std::string name = "audit entry " + std::to_string(e.seq) + " (" + e.action + " "
                + e.objectType + " " + std::to_string(e.objectId) + ")";
            if (!chainBroken) {
                if (e.seq != expected) {
                    problem(name + ": sequence jumps from " + std::to_string(expected - 1) + " to "
                            + std::to_string(e.seq) + "; an entry was deleted or renumbered");
                    chainBroken = true;
                } else if (e.prevHash != prev) {
                    problem(name + ": does not link to the entry before it; an earlier entry was changed, "
                                   "removed or inserted");
                    chainBroken = true;
                } else if (AuditLog::computeHash(e) != e.hash) {
                    problem(name + ": its contents were changed after it was written");
                    chainBroken = true;
                }
            }
            if (tableForObjectType(e.objectType).empty())
                problem(name + ": names an unknown kind of object");
            m_latest[{e.objectType, e.objectId}] = {e.stateHash, e.seq};
            prev = e.hash;
            ++expected;
        }
        m_report.headHash = toHex(prev);
    }

    void checkObjects()
    {
        for (const AuditedObject &object : auditedObjects()) {
            const std::string type(object.type);
            Statement exists = m_db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
            exists.bindText(1, object.table);
            if (!exists.step())
                continue;   // a case from before this kind of object existed (read without migrating)
            Statement st = m_db.prepare("SELECT * FROM " + std::string(object.table) + " ORDER BY id");
            StatementRowHasher hasher(st, object.table);
            int idColumn = 0;
            for (int i = 0; i < st.columnCount(); ++i) {
                if (std::string_view(st.columnName(i)) == "id")
                    idColumn = i;
            }
            std::map<std::int64_t, bool> seen;
            while (st.step()) {
                const std::int64_t id = st.int64(idColumn);
                seen[id] = true;
                Sha256 sha;
                hasher.encode(st, sha);
                const auto it = m_latest.find({type, id});
                if (it == m_latest.end()) {
                    problem(type + " " + std::to_string(id) + " (" + std::string(object.table)
                            + "): the row has no audit entry; it was added outside Cordon");
                } else if (it->second.state != sha.finish()) {
                    problem(type + " " + std::to_string(id) + " (" + std::string(object.table)
                            + "): changed after its last audit entry " + std::to_string(it->second.seq));
                }
            }
            for (const auto &[key, state] : m_latest) {
                if (key.first == type && !seen.count(key.second) && state.state != kDeletedState) {
                    problem(type + " " + std::to_string(key.second) + ": deleted outside Cordon (audit entry "
                            + std::to_string(state.seq) + " records it)");
                }
            }
        }
    }

    struct BatchRange {
        std::int64_t id = 0;
        std::int64_t first = 0, last = 0, count = 0;
    };

    void checkBatches()
    {
        const auto &tables = batchCoveredTables();
        std::map<std::int64_t, std::array<Digest, 3>> digests;
        std::map<std::int64_t, Digest> recorded;
        for (std::size_t t = 0; t < tables.size(); ++t) {
            const BatchCoveredTable &table = tables[t];
            std::vector<BatchRange> ranges;
            Statement b = m_db.prepare("SELECT id, " + std::string(table.firstColumn) + ", " + std::string(table.lastColumn)
                                       + ", " + std::string(table.countColumn) + ", digest FROM batches ORDER BY id");
            while (b.step()) {
                ranges.push_back({b.int64(0), b.optInt64(1).value_or(0), b.optInt64(2).value_or(-1), b.int64(3)});
                recorded[b.int64(0)] = toDigest(b.blobView(4));
            }
            m_report.batches = static_cast<std::int64_t>(ranges.size());

            Statement rows = m_db.prepare("SELECT * FROM " + std::string(table.table) + " ORDER BY id");
            StatementRowHasher hasher(rows, table.table);
            std::size_t r = 0;
            Sha256 sha;
            std::int64_t inRange = 0;
            std::int64_t total = 0;
            bool reportedStray = false;
            auto closeRange = [&]() {
                const BatchRange &range = ranges[r];
                digests[range.id][t] = sha.finish();
                if (inRange != range.count) {
                    problem("batch " + std::to_string(range.id) + ": holds " + std::to_string(inRange) + " "
                            + std::string(table.table) + " rows but recorded " + std::to_string(range.count)
                            + "; rows were deleted or added");
                }
                inRange = 0;
                ++r;
            };
            while (rows.step()) {
                const std::int64_t id = rows.int64(0);
                ++total;
                while (r < ranges.size() && (ranges[r].count == 0 || id > ranges[r].last))
                    closeRange();
                if (r < ranges.size() && id >= ranges[r].first) {
                    hasher.encode(rows, sha);
                    ++inRange;
                } else if (!reportedStray) {
                    problem(std::string(table.table) + " row " + std::to_string(id)
                            + " belongs to no ingest batch; it was inserted outside Cordon");
                    reportedStray = true;
                }
            }
            while (r < ranges.size())
                closeRange();
            if (table.table == "events")
                m_report.events = total;
            m_totals[std::string(table.table)] = total;
        }
        for (const auto &[id, parts] : digests) {
            if (combineBatchDigest(parts[0], parts[1], parts[2]) != recorded[id]) {
                problem("batch " + std::to_string(id)
                        + ": its events, dead letters or entities no longer match the digest recorded when it was"
                          " committed; a row was changed, deleted or inserted");
            }
        }
    }

    void checkCounters()
    {
        Statement st = m_db.prepare("SELECT event_count, dead_letter_count FROM case_stats WHERE id = 1");
        if (!st.step()) {
            problem("the case counters are missing");
            return;
        }
        if (st.int64(0) != m_totals["events"] || st.int64(1) != m_totals["dead_letters"]) {
            problem("the case counters (" + std::to_string(st.int64(0)) + " events, " + std::to_string(st.int64(1))
                    + " dead letters) disagree with the rows (" + std::to_string(m_totals["events"]) + ", "
                    + std::to_string(m_totals["dead_letters"]) + ")");
        }
    }

    /// Forensic results are derived rows with no audit entry each. Every analysis run
    /// (itself audited) covers the cluster members it added, as a batch covers its events,
    /// and the newest run covers the tables runs update in place as it left them.
    void checkForensics()
    {
        if (m_db.queryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'analyses'") == 0)
            return; // a case from before forensics
        // Runs before the newest rebuild had their results discarded by it.
        const std::int64_t since = m_db.queryInt("SELECT COALESCE(MAX(id), 0) FROM analyses WHERE rebuilt");
        Statement runs = m_db.prepare("SELECT id, members, members_sha256, state_sha256 FROM analyses WHERE id >= ? ORDER BY id");
        runs.bind(1, since);
        std::int64_t newest = 0, covered = 0;
        Digest newestState{};
        while (runs.step()) {
            newest = runs.int64(0);
            covered += runs.int64(1);
            newestState = toDigest(runs.blobView(3));
            if (toDigest(runs.blobView(2)) != forensics::tables::membersDigest(m_db, newest))
                problem("the cluster members, sightings or token findings analysis " + std::to_string(newest)
                        + " added have changed");
        }
        if (forensics::tables::appendedRows(m_db, std::nullopt) != covered)
            problem("cluster members, sightings or token findings exist that no analysis run added");
        if (newest == 0) {
            if (forensics::tables::resultRows(m_db) > 0)
                problem("forensic results exist but no analysis run wrote them");
        } else if (newestState != forensics::tables::stateDigest(m_db)) {
            problem("forensic results (clusters, profiles, campaigns) differ from what analysis " + std::to_string(newest)
                    + " recorded");
        }
    }

    void checkEvidence()
    {
        Statement st = m_db.prepare("SELECT id, name, path, sha256, size FROM evidence ORDER BY id");
        while (st.step()) {
            const auto path = st.optText(2);
            if (!path)
                continue;
            std::filesystem::path p(*path);
            if (p.is_relative())
                p = std::filesystem::path(m_dir) / p;
            std::ifstream in(p, std::ios::binary);
            if (!in) {
                m_report.warnings.push_back("evidence " + std::to_string(st.int64(0)) + " (" + st.text(1)
                                            + "): file not found at " + p.string());
                continue;
            }
            Sha256 sha;
            std::vector<char> buf(1 << 16);
            std::int64_t size = 0;
            while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
                sha.update(buf.data(), static_cast<std::size_t>(in.gcount()));
                size += in.gcount();
            }
            ++m_report.evidenceChecked;
            if (sha.finish() != toDigest(st.blobView(3)) || size != st.int64(4)) {
                problem("evidence " + std::to_string(st.int64(0)) + " (" + st.text(1)
                        + "): the file no longer matches the SHA-256 taken at intake");
            }
        }
    }

    Database &m_db;
    std::string m_dir;
    VerifyReport &m_report;
    std::map<std::pair<std::string, std::int64_t>, ObjectState> m_latest;
    std::map<std::string, std::int64_t> m_totals;
};

} // namespace

VerifyReport verifyCase(Database &db, const std::string &caseDirectory)
{
    VerifyReport report;
    // One read transaction, so the walk sees one consistent snapshot while a writer runs.
    db.exec("BEGIN");
    try {
        Walker(db, caseDirectory, report).run();
    } catch (const SqlError &e) {
        report.problems.push_back(std::string("the case could not be read: ") + e.what());
    }
    db.exec("COMMIT");
    return report;
}

} // namespace cordon::core
