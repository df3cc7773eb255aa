#include "core/ingest/importer.h"

#include "core/ingest/batch_committer.h"
#include "core/ingest/json_documents.h"
#include "core/ingest/line_reader.h"
#include "core/normalize/normalizer.h"
#include "core/store/case_writer.h"
#include "core/store/event_indexes.h"
#include "core/util/log.h"

#include <sys/stat.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>

namespace cordon::core {
namespace {

using SteadyClock = std::chrono::steady_clock;

double secondsSince(SteadyClock::time_point t0)
{
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

bool isBlank(std::string_view s)
{
    return s.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

/// One unit of work for the writer thread.
struct Chunk {
    bool beginBatch = false;
    bool finishBatch = false;
    IngestBatch header;             // used when beginBatch
    std::vector<Event> events;
    std::vector<DeadLetter> dead;
    std::vector<Indicator> indicators;
    std::string file;
    std::uint64_t firstLine = 0, lastLine = 0;
};

/// The records of one file: lines of a JSON-lines or syslog file, or JSON documents.
class RecordSource {
public:
    virtual ~RecordSource() = default;
    virtual bool next(Line &record) = 0;
    virtual std::uint64_t bytesRead() const = 0;
    virtual std::uint64_t fileSize() const = 0;
};

template<class Reader>
class ReaderSource final : public RecordSource {
public:
    explicit ReaderSource(Reader reader) : m_reader(std::move(reader)) {}
    bool next(Line &record) override { return m_reader.next(record); }
    std::uint64_t bytesRead() const override { return m_reader.bytesRead(); }
    std::uint64_t fileSize() const override { return m_reader.fileSize(); }

private:
    Reader m_reader;
};

Expected<std::unique_ptr<RecordSource>> openRecords(const std::string &path, const ImportOptions &options)
{
    std::string head(64 * 1024, '\0');
    {
        std::ifstream in(path, std::ios::binary);
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
    }
    if (options.format == Format::Syslog || options.format == Format::Cordon || isLineOriented(head)) {
        auto reader = LineReader::open(path, options.maxLineBytes);
        if (!reader)
            return reader.error();
        return std::unique_ptr<RecordSource>(std::make_unique<ReaderSource<LineReader>>(std::move(*reader)));
    }
    auto reader = DocumentReader::open(path, options.maxDocumentBytes);
    if (!reader)
        return reader.error();
    return std::unique_ptr<RecordSource>(std::make_unique<ReaderSource<DocumentReader>>(std::move(*reader)));
}

} // namespace

std::string reasonClass(std::string_view reason)
{
    std::string out;
    bool inNumber = false;
    for (char c : reason) {
        const bool digit = c >= '0' && c <= '9';
        if (digit && !inNumber)
            out.push_back('#');
        else if (!digit)
            out.push_back(c);
        inNumber = digit;
    }
    return out;
}

Importer::Importer(CaseFile &file, const Clock &clock, ImportOptions options)
    : m_file(file), m_clock(clock), m_options(std::move(options))
{
}

Expected<ImportSummary> Importer::run(const std::vector<std::string> &files, const ProgressFn &onProgress,
                                      const CommitFn &onCommit, const std::atomic<bool> *cancel)
{
    if (m_file.isReadOnly())
        return Error{ErrorCode::ReadOnly, "the case is open read-only: " + m_file.readOnlyReason()};

    ImportSummary summary;
    const auto t0 = SteadyClock::now();
    ImportProgress progress;
    progress.stage = "importing";
    for (const auto &f : files) {
        struct stat st {};
        if (::stat(f.c_str(), &st) == 0)
            progress.bytesTotal += static_cast<std::uint64_t>(st.st_size);
    }

    Database &db = m_file.db();
    const std::int64_t existing = db.queryInt("SELECT event_count FROM case_stats");
    // Building the full-text index once at the end beats maintaining it batch by batch when the
    // import is large compared to what the case already holds (~500 bytes per event as an estimate).
    const std::uint64_t estimate = progress.bytesTotal / 500;
    summary.bulk = m_options.bulk == ImportOptions::Bulk::Always
        || (m_options.bulk == ImportOptions::Bulk::Auto && estimate >= 50'000
            && estimate > static_cast<std::uint64_t>(existing));

    BatchCommitter committer(db);
    CaseWriter writer(db, 2);
    std::deque<std::future<std::optional<CommittedBatch>>> inFlight;
    std::optional<Error> failure;

    auto collect = [&](bool wait) {
        while (!inFlight.empty()
               && (wait || inFlight.front().wait_for(std::chrono::seconds(0)) == std::future_status::ready)) {
            try {
                if (auto committed = inFlight.front().get()) {
                    ++summary.batches;
                    summary.accepted += committed->result.accepted;
                    summary.duplicates += committed->result.duplicates;
                    summary.indicators += committed->result.indicators;
                    summary.indicatorDuplicates += committed->result.indicatorDuplicates;
                    progress.accepted = summary.accepted;
                    progress.duplicates = summary.duplicates;
                    if (onCommit)
                        onCommit(*committed);
                }
            } catch (const SqlError &e) {
                if (!failure) {
                    const bool full = e.primaryCode() == SQLITE_FULL;
                    failure = Error{full ? ErrorCode::Io : ErrorCode::Database,
                                    std::string(full ? "the disk is full" : "writing the case failed") + ": "
                                        + e.what() + " (" + std::to_string(summary.batches)
                                        + " batches were committed before and are intact)"};
                }
            }
            inFlight.pop_front();
        }
    };
    auto submit = [&](std::shared_ptr<Chunk> chunk) {
        const bool maintainText = !summary.bulk;
        inFlight.push_back(writer.submit([&committer, chunk, maintainText](Database &) -> std::optional<CommittedBatch> {
            try {
                if (chunk->beginBatch)
                    committer.begin(chunk->header);
                else if (!committer.inBatch())
                    return std::nullopt; // the batch this chunk belonged to failed and was rolled back
                committer.append(chunk->events, chunk->dead);
                committer.appendIndicators(chunk->indicators);
                if (!chunk->finishBatch)
                    return std::nullopt;
                CommittedBatch done;
                done.result = committer.finish(maintainText, chunk->header.detail);
                done.file = chunk->file;
                done.firstLine = chunk->firstLine;
                done.lastLine = chunk->lastLine;
                return done;
            } catch (...) {
                committer.abort();
                throw;
            }
        }));
        collect(false);
    };

    NormalizeOptions normalizeOptions;
    normalizeOptions.format = m_options.format;
    normalizeOptions.json = m_options.json;
    std::uint64_t bytesBefore = 0;
    auto lastReport = SteadyClock::now();
    for (const std::string &path : files) {
        if (failure || (cancel && cancel->load()))
            break;
        auto reader = openRecords(path, m_options);
        if (!reader) {
            failure = reader.error();
            break;
        }
        ++summary.files;
        const std::string name = std::filesystem::path(path).filename().string();
        progress.file = name;

        std::shared_ptr<Chunk> chunk;
        std::size_t inBatch = 0;
        std::uint64_t batchFirstLine = 0, batchLastLine = 0;
        auto startChunk = [&](std::uint64_t lineNo) {
            chunk = std::make_shared<Chunk>();
            chunk->file = name;
            if (inBatch == 0) {
                chunk->beginBatch = true;
                chunk->header.source = name;
                chunk->header.actor = m_options.actor;
                chunk->header.recordTime = m_clock.now();
                batchFirstLine = lineNo;
                chunk->header.detail = {{"file", name}, {"first_line", lineNo}};
            }
            chunk->firstLine = lineNo;
        };
        auto flush = [&](bool endOfBatch) {
            if (!chunk) {
                chunk = std::make_shared<Chunk>();
                chunk->file = name;
            }
            chunk->finishBatch = endOfBatch;
            if (endOfBatch) {
                // The committed batch reports the line range of the whole batch.
                chunk->firstLine = batchFirstLine;
                chunk->lastLine = batchLastLine;
                chunk->header.detail = {{"file", name}, {"first_line", batchFirstLine}, {"last_line", batchLastLine}};
            }
            submit(std::move(chunk));
            chunk.reset();
            if (endOfBatch)
                inBatch = 0;
        };

        try {
            Line line;
            while ((*reader)->next(line)) {
                ++summary.lines;
                if (!line.oversized && isBlank(line.text)) {
                    ++summary.blankLines;
                    continue;
                }
                if (!chunk)
                    startChunk(line.number);
                const TimeUs recordTime = chunk->beginBatch ? chunk->header.recordTime : m_clock.now();
                const std::string locator = name + ":" + std::to_string(line.number) + " (byte "
                    + std::to_string(line.offset) + ")";
                auto reject = [&](std::string reason, const Digest &sha) {
                    summary.reasons[reasonClass(reason)]++;
                    ++summary.rejected;
                    chunk->dead.push_back({name, locator, std::move(reason), std::string(line.text), line.size, sha});
                };
                if (line.oversized) {
                    reject("record of " + std::to_string(line.size) + " bytes exceeds the "
                               + std::to_string(m_options.maxLineBytes) + "-byte limit; the first "
                               + std::to_string(line.text.size()) + " bytes are kept and the whole record is at this location",
                           line.sha256);
                } else if (auto normalized = normalizeRecord(line.text, {name, recordTime}, normalizeOptions)) {
                    Normalized &n = normalized.value();
                    ++summary.formats[std::string(n.format)];
                    summary.ignoredObjects += static_cast<std::int64_t>(n.ignoredObjects);
                    std::move(n.events.begin(), n.events.end(), std::back_inserter(chunk->events));
                    std::move(n.indicators.begin(), n.indicators.end(), std::back_inserter(chunk->indicators));
                } else {
                    reject(normalized.error().message, Sha256::of(line.text));
                }
                chunk->lastLine = batchLastLine = line.number;
                ++inBatch;
                if (inBatch >= m_options.commitEvents)
                    flush(true);
                else if (chunk->events.size() + chunk->dead.size() + chunk->indicators.size() >= m_options.chunkEvents)
                    flush(false);

                if (cancel && cancel->load())
                    break;
                if (onProgress && SteadyClock::now() - lastReport > std::chrono::milliseconds(200)) {
                    lastReport = SteadyClock::now();
                    progress.bytesDone = bytesBefore + (*reader)->bytesRead();
                    progress.seconds = secondsSince(t0);
                    progress.rejected = summary.rejected;
                    onProgress(progress);
                }
                if (failure)
                    break;
            }
        } catch (const std::system_error &e) {
            failure = Error{ErrorCode::Io, "reading " + path + ": " + e.what()};
        }
        if (inBatch > 0)
            flush(true);
        bytesBefore += (*reader)->fileSize();
        summary.bytes += (*reader)->fileSize();
    }
    collect(true);
    summary.cancelled = cancel && cancel->load();

    if (summary.bulk) {
        progress.stage = "indexing";
        if (onProgress)
            onProgress(progress);
        const auto ti = SteadyClock::now();
        try {
            writer.submit([](Database &d) {
                WriteTransaction txn(d);
                event_indexes::catchUpFullText(d, event_indexes::FullTextPass::Bulk);
                txn.commit();
            }).get();
        } catch (const SqlError &e) {
            if (!failure)
                failure = Error{ErrorCode::Database, std::string("building the full-text index failed: ") + e.what()
                                    + "; it is finished the next time the case is opened for writing"};
        }
        summary.indexSeconds = secondsSince(ti);
    }
    writer.shutdown();

    summary.seconds = secondsSince(t0);
    if (failure)
        return *failure;
    return summary;
}

} // namespace cordon::core
