#pragma once

#include <QStyledItemDelegate>

namespace cordon::ui {

/// Paints a triage card: a severity stripe and badge with the alert's title, the criterion
/// that fired over two lines, and a footer with the event count, accounts, assignee and the
/// SLA countdown (amber under a quarter left, red once breached). Every card has the
/// same height, so the lanes lay out without measuring.
class AlertCardDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace cordon::ui
