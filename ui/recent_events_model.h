#pragma once

#include "core/query/event_row.h"

#include <QAbstractTableModel>

#include <vector>

namespace cordon::ui {

/// The newest events of a case as a table. Strings are built in data() only for the cells a
/// view asks for; the model returns meaning (flags) and the view picks colours.
class RecentEventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { EventTime, Kind, Account, Session, SourceIp, Model, Flags, Prompt, ColumnCount };
    enum Role { FlagsRole = Qt::UserRole + 1, EventIdRole, EventTimeRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setEvents(std::vector<core::EventRow> events);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::EventRow> m_events;
};

/// Local time with the UTC offset, as responders compare notes across time zones.
QString formatLocalTime(core::TimeUs t);

} // namespace cordon::ui
