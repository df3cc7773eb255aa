#include "ui/timeline/timeline_worker.h"

#include "core/domain/event_flags.h"

#include <QElapsedTimer>

#include <algorithm>

namespace cordon::ui {
namespace {

/// What the rate chart overlays as policy violations: any sign of an attack or exposure.
constexpr std::uint32_t kViolationFlags = core::PolicyViolation | core::JailbreakDetected | core::PromptInjection
    | core::PiiDetected | core::SecretDetected | core::SystemPromptLeak | core::GuardrailBlocked | core::ToolMisuse;
constexpr int kChartBins = 2000;

/// How many ids `next` has in front of `previous`, when `previous` is exactly its tail.
std::size_t prependedCount(const std::vector<std::int64_t> &next, const std::vector<std::int64_t> &previous)
{
    if (next.size() < previous.size())
        return 0;
    const std::size_t head = next.size() - previous.size();
    return std::equal(previous.begin(), previous.end(), next.begin() + static_cast<std::ptrdiff_t>(head)) ? head : 0;
}

} // namespace

TimelineWorker::TimelineWorker(std::shared_ptr<std::atomic<unsigned>> latest) : m_latest(std::move(latest)) {}

void TimelineWorker::open(const QString &path)
{
    close();
    auto reader = core::CaseReader::open(path.toStdString());
    if (!reader) {
        Q_EMIT failed(QString::fromStdString(reader.error().message));
        return;
    }
    m_reader.emplace(std::move(reader.value()));
}

void TimelineWorker::close()
{
    m_reader.reset();
    m_index = {};
    m_indexRead = false;
    m_answer.reset();
}

std::vector<core::EventRow> TimelineWorker::rows(const std::vector<std::int64_t> &ids)
{
    auto r = m_reader->eventsById(ids);
    if (!r) {
        Q_EMIT failed(QString::fromStdString(r.error().message));
        return {};
    }
    return std::move(r.value());
}

bool TimelineWorker::catchUp()
{
    try {
        // Only closing the case stops a read of the index: a new filter needs it as well.
        if (!m_index.catchUp(m_reader->db()))
            return false;
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("The timeline could not be read: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_indexRead = true;
    QStringList kinds;
    for (const std::string &k : m_index.kinds())
        kinds << QString::fromStdString(k);
    kinds.sort();
    Q_EMIT histogramReady(m_index.histogram(kChartBins, kViolationFlags), kinds);
    return true;
}

void TimelineWorker::setFilter(unsigned generation, const core::TimelineFilter &filter)
{
    if (!m_reader || generation != m_latest->load())
        return;
    m_filter = filter;
    m_generation = generation;
    m_answer.reset();
    // The first screen straight from SQL while the compact index is still unread, and for
    // words, whose complete match list can take FTS5 far longer than its newest hits.
    if (!m_indexRead || !filter.text.empty()) {
        QElapsedTimer timer;
        timer.start();
        try {
            auto ids = std::make_shared<std::vector<std::int64_t>>(
                core::TimelineIndex::firstMatches(m_reader->db(), filter, kFirstScreen));
            TimelineMatches first;
            first.firstPage = rows({ids->begin(), ids->begin() + std::min<std::ptrdiff_t>(kPageSize, std::ssize(*ids))});
            first.ids = std::move(ids);
            first.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            Q_EMIT matched(generation, first);
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromUtf8(e.what()));
            return;
        }
        if (!m_indexRead && !catchUp())
            return;
    }
    answer(generation, false);
}

void TimelineWorker::refresh()
{
    if (!m_reader || !m_indexRead)
        return;
    const std::size_t before = m_index.size();
    if (!catchUp() || m_index.size() == before || m_generation != m_latest->load())
        return;
    answer(m_generation, true);
}

void TimelineWorker::answer(unsigned generation, bool live)
{
    QElapsedTimer timer;
    timer.start();
    const auto cancelled = [this, generation] { return m_latest->load() != generation; };
    std::vector<std::int64_t> ids;
    try {
        ids = m_index.matches(m_reader->db(), m_filter, cancelled);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return;
    }
    if (cancelled())
        return;
    TimelineMatches m;
    m.complete = true;
    m.live = live;
    if (m_answer)
        m.prepended = prependedCount(ids, *m_answer);
    m.firstPage = rows({ids.begin(), ids.begin() + std::min<std::ptrdiff_t>(kPageSize, std::ssize(ids))});
    m.ids = m_answer = std::make_shared<const std::vector<std::int64_t>>(std::move(ids));
    m.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    Q_EMIT matched(generation, m);
}

void TimelineWorker::fetch(unsigned generation, int page, const std::vector<std::int64_t> &ids)
{
    if (!m_reader || generation != m_latest->load())
        return;
    Q_EMIT rowsFetched(generation, page, rows(ids));
}

void TimelineWorker::fetchDetail(std::int64_t id)
{
    if (!m_reader)
        return;
    auto d = m_reader->eventDetail(id);
    if (!d) {
        Q_EMIT failed(QString::fromStdString(d.error().message));
        return;
    }
    Q_EMIT detailFetched(id, d.value());
}

} // namespace cordon::ui
