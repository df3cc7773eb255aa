#pragma once

#include "ui/timeline/timeline_worker.h"

#include <QAbstractTableModel>
#include <QSet>

#include <deque>
#include <unordered_map>

namespace cordon::ui {

/// Every event a filter matched, Wireshark-style: the model holds only the ids (8 bytes a
/// row) and a bounded cache of rows; a row not cached yet shows a placeholder and asks for
/// its page, which arrives from the timeline's worker and repaints. Strings are built in
/// data() for the cells a view paints. The model returns meaning (flags, ids); the view's
/// delegate picks colours.
class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { EventTime, Kind, Account, Session, SourceIp, Model, Flags, Text, RecordTime, Source, Tokens,
                  ColumnCount };
    enum Role { EventIdRole = Qt::UserRole + 1, FlagsRole, EventTimeRole, LoadedRole };
    static constexpr std::size_t kCacheRows = 30'000;

    using QAbstractTableModel::QAbstractTableModel;

    /// Shows a new answer: prepended ids are inserted in front (the view keeps its place),
    /// anything else replaces the list.
    void setMatches(const TimelineMatches &matches);
    /// Rows of a page asked for through rowsWanted().
    void addRows(int page, const std::vector<core::EventRow> &rows);
    void clear();
    /// Oldest first instead of newest first; the list is read backwards, not copied.
    void setOldestFirst(bool oldestFirst);
    bool oldestFirst() const { return m_oldestFirst; }

    std::int64_t eventId(int row) const;
    /// The cached row of an event, if any.
    const core::EventRow *cachedRow(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    /// The ids of a page whose rows are not cached; answer with addRows(page, …).
    void rowsWanted(int page, const std::vector<std::int64_t> &ids);

private:
    std::size_t position(int row) const;   ///< index into the ids for a view row
    void want(std::size_t position) const;
    void requestWanted();
    void cache(const std::vector<core::EventRow> &rows);
    QVariant display(const core::EventRow &e, int column) const;

    TimelineIds m_ids;
    bool m_oldestFirst = false;
    unsigned m_listVersion = 0;   ///< changes with the list; page numbers are only valid within one
    std::unordered_map<std::int64_t, core::EventRow> m_rows;
    std::deque<std::int64_t> m_order;   ///< cache insertion order, for eviction
    mutable QSet<int> m_wanted, m_requested;
    mutable bool m_requestQueued = false;
    QHash<int, unsigned> m_requestVersion;
};

} // namespace cordon::ui
