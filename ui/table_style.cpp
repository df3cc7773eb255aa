#include "ui/table_style.h"

#include <QHeaderView>
#include <QTableView>

namespace cordon::ui {

void configureTable(QTableView *view, std::initializer_list<int> widths)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    int column = 0;
    for (int w : widths)
        view->setColumnWidth(column++, w);
}

} // namespace cordon::ui
