#pragma once

#include "core/ingest/ingest_batch.h"
#include "core/normalize/format.h"
#include "core/store/case_file.h"
#include "core/util/clock.h"
#include "core/util/expected.h"
#include "core/util/json_reader.h"

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

struct ImportOptions {
    std::string actor = "cordon";
    /// Records handed to the writer at a time (memory stays flat at about this many).
    std::size_t chunkEvents = 5'000;
    /// Records per committed batch. Big commits matter: each commit rewrites the pages of the
    /// random-key dedupe index it touched.
    std::size_t commitEvents = 100'000;
    enum class Bulk { Auto, Always, Never } bulk = Bulk::Auto;
    std::size_t maxLineBytes = 16 * 1024 * 1024;
    /// A file of JSON documents spanning lines (not JSON lines) is read whole up to this size.
    std::uint64_t maxDocumentBytes = 256ull * 1024 * 1024;
    /// Every record is read as this format; detected per record from its content when unset.
    std::optional<Format> format;
    JsonLimits json;
};

struct ImportProgress {
    std::string stage;            ///< "importing" or "indexing"
    std::string file;
    std::uint64_t bytesDone = 0;  ///< over all files
    std::uint64_t bytesTotal = 0;
    std::int64_t accepted = 0, rejected = 0, duplicates = 0;
    double seconds = 0;
};

/// A committed batch and the lines it covers, for callers that report durability.
struct CommittedBatch {
    BatchResult result;
    std::string file;
    std::uint64_t firstLine = 0, lastLine = 0;
};

struct ImportSummary {
    std::int64_t files = 0, lines = 0, blankLines = 0;
    std::int64_t accepted = 0, rejected = 0, duplicates = 0, batches = 0;
    std::int64_t indicators = 0, indicatorDuplicates = 0;
    /// Parts of records that map to nothing Cordon stores (e.g. STIX reports, deleted MISP attributes).
    std::int64_t ignoredObjects = 0;
    /// Records read per format (by formatName).
    std::map<std::string, std::int64_t> formats;
    bool bulk = false;
    bool cancelled = false;
    double seconds = 0;
    double indexSeconds = 0;
    std::uint64_t bytes = 0;
    /// Rejection reasons with numbers folded to '#', and how often each occurred.
    std::map<std::string, std::int64_t> reasons;
};

/// Imports files in any input format (format.h) into a case: JSON lines and syslog text
/// stream line by line; files of JSON documents spanning lines are read whole (capped). One
/// thread reads and normalises while the writer thread inserts, chunks flow through a
/// bounded queue, and every record that cannot be used becomes a dead letter with its reason
/// and location.
class Importer {
public:
    using ProgressFn = std::function<void(const ImportProgress &)>;
    using CommitFn = std::function<void(const CommittedBatch &)>;

    Importer(CaseFile &file, const Clock &clock, ImportOptions options = {});

    /// Returns the summary, or an error when the case could not be written (disk full, ...),
    /// in which case the batches already reported through `onCommit` are safely stored.
    Expected<ImportSummary> run(const std::vector<std::string> &files, const ProgressFn &onProgress = {},
                                const CommitFn &onCommit = {}, const std::atomic<bool> *cancel = nullptr);

private:
    CaseFile &m_file;
    const Clock &m_clock;
    ImportOptions m_options;
};

/// Folds the digits of a reason so that similar reasons count together.
std::string reasonClass(std::string_view reason);

} // namespace cordon::core
