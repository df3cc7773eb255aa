#include "ui/timeline/timeline_model.h"

#include "core/domain/event_flags.h"
#include "ui/severity_palette.h"
#include "ui/time_text.h"

#include <QApplication>
#include <QLocale>

#include <algorithm>

namespace cordon::ui {
namespace {

QString text(const std::optional<std::string> &s)
{
    return s ? QString::fromStdString(*s) : QString();
}

QString flagText(std::uint32_t flags)
{
    QStringList names;
    for (auto n : core::flagNames(flags))
        names << QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
    return names.join(QStringLiteral(", "));
}

} // namespace

void TimelineModel::setMatches(const TimelineMatches &matches)
{
    if (!matches.ids) {
        clear();
        return;
    }
    cache(matches.firstPage);
    const std::size_t previous = m_ids ? m_ids->size() : 0;
    if (matches.prepended > 0 && m_ids && matches.ids->size() == previous + matches.prepended) {
        // New events at the newest end: insert them where they belong in view order, so
        // the rows a reader is looking at keep their identity (and the view its place).
        const int count = static_cast<int>(matches.prepended);
        const int first = m_oldestFirst ? static_cast<int>(previous) : 0;
        beginInsertRows({}, first, first + count - 1);
        m_ids = matches.ids;
        ++m_listVersion;
        m_wanted.clear();
        m_requested.clear();
        endInsertRows();
        return;
    }
    beginResetModel();
    m_ids = matches.ids;
    ++m_listVersion;
    m_wanted.clear();
    m_requested.clear();
    endResetModel();
}

void TimelineModel::clear()
{
    beginResetModel();
    m_ids.reset();
    ++m_listVersion;
    m_rows.clear();
    m_order.clear();
    m_wanted.clear();
    m_requested.clear();
    endResetModel();
}

void TimelineModel::setOldestFirst(bool oldestFirst)
{
    if (oldestFirst == m_oldestFirst)
        return;
    beginResetModel();
    m_oldestFirst = oldestFirst;
    endResetModel();
}

void TimelineModel::cache(const std::vector<core::EventRow> &rows)
{
    for (const core::EventRow &r : rows) {
        if (m_rows.insert_or_assign(r.id, r).second)
            m_order.push_back(r.id);
    }
    // Evict the longest-cached rows; they come back as a page when scrolled to again.
    while (m_rows.size() > kCacheRows && !m_order.empty()) {
        m_rows.erase(m_order.front());
        m_order.pop_front();
    }
}

void TimelineModel::addRows(int page, const std::vector<core::EventRow> &rows)
{
    cache(rows);
    const auto version = m_requestVersion.take(page);
    m_requested.remove(page);
    if (rowCount() == 0)
        return;
    if (version != m_listVersion) {
        // The list moved since the page was asked for: repaint whatever shows (a view
        // turns a multi-row change into one viewport update).
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    const std::size_t first = static_cast<std::size_t>(page) * TimelineWorker::kPageSize;
    const std::size_t last = std::min(first + TimelineWorker::kPageSize, m_ids->size()) - 1;
    int a = m_oldestFirst ? static_cast<int>(m_ids->size() - 1 - last) : static_cast<int>(first);
    int b = m_oldestFirst ? static_cast<int>(m_ids->size() - 1 - first) : static_cast<int>(last);
    Q_EMIT dataChanged(index(a, 0), index(b, ColumnCount - 1));
}

std::size_t TimelineModel::position(int row) const
{
    return m_oldestFirst ? m_ids->size() - 1 - static_cast<std::size_t>(row) : static_cast<std::size_t>(row);
}

std::int64_t TimelineModel::eventId(int row) const
{
    if (row < 0 || row >= rowCount())
        return 0;
    return (*m_ids)[position(row)];
}

const core::EventRow *TimelineModel::cachedRow(int row) const
{
    const auto it = m_rows.find(eventId(row));
    return it == m_rows.end() ? nullptr : &it->second;
}

void TimelineModel::want(std::size_t position) const
{
    const int page = static_cast<int>(position / TimelineWorker::kPageSize);
    if (m_requested.contains(page) || m_wanted.contains(page))
        return;
    m_wanted.insert(page);
    // Every cell painted in one pass asks at once; one queued flush sends each page once.
    if (!m_requestQueued) {
        m_requestQueued = true;
        QMetaObject::invokeMethod(const_cast<TimelineModel *>(this), &TimelineModel::requestWanted, Qt::QueuedConnection);
    }
}

void TimelineModel::requestWanted()
{
    m_requestQueued = false;
    const auto pages = m_wanted;
    m_wanted.clear();
    for (int page : pages) {
        const std::size_t first = static_cast<std::size_t>(page) * TimelineWorker::kPageSize;
        if (!m_ids || first >= m_ids->size())
            continue;
        const std::size_t last = std::min(first + TimelineWorker::kPageSize, m_ids->size());
        m_requested.insert(page);
        m_requestVersion.insert(page, m_listVersion);
        Q_EMIT rowsWanted(page, {m_ids->begin() + static_cast<std::ptrdiff_t>(first),
                                 m_ids->begin() + static_cast<std::ptrdiff_t>(last)});
    }
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_ids ? 0 : static_cast<int>(m_ids->size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags TimelineModel::flags(const QModelIndex &index) const
{
    return index.isValid() ? QAbstractTableModel::flags(index) | Qt::ItemNeverHasChildren : Qt::NoItemFlags;
}

QVariant TimelineModel::display(const core::EventRow &e, int column) const
{
    switch (column) {
    case EventTime: return formatLocalTime(e.eventTime);
    case Kind: return QString::fromStdString(e.kind);
    case Account: return text(e.account);
    case Session: return text(e.session);
    case SourceIp: return text(e.sourceIp);
    case Model: return text(e.model);
    case Flags: return flagText(e.flags);
    case Text: return QString::fromStdString(e.promptPreview.empty() ? e.outputPreview : e.promptPreview).simplified();
    case RecordTime: return formatLocalTime(e.recordTime);
    case Source: return QString::fromStdString(e.source);
    case Tokens:
        if (!e.inputTokens && !e.outputTokens)
            return {};
        return QStringLiteral("%1 / %2").arg(e.inputTokens.value_or(0)).arg(e.outputTokens.value_or(0));
    }
    return {};
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::size_t p = position(index.row());
    const std::int64_t id = (*m_ids)[p];
    if (role == EventIdRole)
        return static_cast<qint64>(id);
    const auto it = m_rows.find(id);
    if (it == m_rows.end()) {
        if (role == Qt::DisplayRole) {
            want(p);
            return index.column() == EventTime ? tr("loading…") : QString();
        }
        return role == LoadedRole ? QVariant(false) : QVariant();
    }
    const core::EventRow &e = it->second;
    switch (role) {
    case Qt::DisplayRole: return display(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Text)
            return QString::fromStdString(e.promptPreview.empty() ? e.outputPreview : e.promptPreview);
        if (index.column() == EventTime)
            return tr("Recorded by Cordon at %1").arg(formatLocalTime(e.recordTime));
        break;
    case Qt::ForegroundRole:
        if (index.column() == Flags && e.flags)
            return flagColor(e.flags, QApplication::palette());
        break;
    case FlagsRole: return static_cast<quint32>(e.flags);
    case EventTimeRole: return static_cast<qint64>(e.eventTime);
    case LoadedRole: return true;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EventTime: return tr("Event time");
    case Kind: return tr("Kind");
    case Account: return tr("Account");
    case Session: return tr("Session");
    case SourceIp: return tr("Source IP");
    case Model: return tr("Model");
    case Flags: return tr("Flags");
    case Text: return tr("Prompt / output");
    case RecordTime: return tr("Recorded");
    case Source: return tr("Source");
    case Tokens: return tr("Tokens in / out");
    }
    return {};
}

} // namespace cordon::ui
