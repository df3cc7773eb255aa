#pragma once

#include "core/domain/case_info.h"
#include "core/store/case_lock.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <memory>
#include <string>

namespace cordon::core {

struct OpenOptions {
    bool readOnly = false;
    /// Who is opening, shown to a second writer ("cordon-cli import", "cordon (GUI)").
    std::string holder = "cordon";
};

/// One open case file (*.cordon): refuses what is not a case, migrates older ones, holds the
/// single-writer lock and owns the write connection. The connection is used by one thread at
/// a time (CaseWriter's thread while one runs).
class CaseFile {
public:
    /// Creates a new case; fails if the path exists.
    static Expected<std::unique_ptr<CaseFile>> create(const std::string &path, const NewCase &spec,
                                                      const Clock &clock, const std::string &actor,
                                                      const OpenOptions &options = {});
    /// Opens an existing case. Files written by a newer Cordon, files without write permission
    /// and OpenOptions::readOnly open read-only; readOnlyReason() says why.
    static Expected<std::unique_ptr<CaseFile>> open(const std::string &path, const OpenOptions &options = {});

    ~CaseFile();

    const std::string &path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    const std::string &readOnlyReason() const { return m_readOnlyReason; }
    int schemaVersion() const { return m_schemaVersion; }

    Database &db() { return m_db; }
    /// A new read-only connection for a reader thread (UI models, exports).
    Database openReadConnection() const;

    /// Finishes an import that was interrupted while its query indexes were deferred.
    /// O(events) but only after a crash; returns true when there was something to finish.
    bool finishInterruptedBulkImport();

private:
    CaseFile() = default;
    void configureWriter();

    std::string m_path;
    Database m_db;
    CaseLock m_lock;
    bool m_readOnly = false;
    bool m_immutable = false;   // read-only in a folder where SQLite cannot keep its WAL index
    std::string m_readOnlyReason;
    int m_schemaVersion = 0;
};

/// Applies the writer connection's pragmas (WAL, synchronous=NORMAL, cache size).
void configureWriteConnection(Database &db);

} // namespace cordon::core
