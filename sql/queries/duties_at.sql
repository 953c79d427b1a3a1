-- Every dated duty of a year's follow-up as it stood on a date: delivered or not by then, late
-- (delivered after its due date, or still missing after it; on the due date itself not late) and
-- by how many days, or how many days are left. The calendar, the plans table and the Monday
-- digest all read this.
-- params: $year (integer: the results year), $as_of (date), $group (varchar: a kind or ranking group; null = all)
-- reads: marts.year_duties, intermediate.int_unit_scope
with

duties as (

    select duties.*
    from marts.year_duties as duties
    left join intermediate.int_unit_scope as scope
        on scope.unit_code = duties.unit_code
        and scope.group_code is not distinct from $group
        and scope.area_code is null
    where duties.year = $year and (duties.unit_code is null or scope.unit_code is not null)  -- Nội vụ's own: always

),

final as (

    select
        duties.* exclude (delivered_date),
        case when duties.delivered_date <= $as_of then duties.delivered_date end as delivered_date,
        duties.delivered_date is not null and duties.delivered_date <= $as_of as is_delivered,
        case
            when is_delivered then greatest(0, duties.delivered_date - duties.due_date)
            when duties.due_date < $as_of then $as_of - duties.due_date
            else 0
        end as days_late,
        days_late > 0 as is_late,
        not is_delivered and duties.due_date < $as_of as is_missing,
        case when not is_delivered and duties.due_date >= $as_of then duties.due_date - $as_of end as days_left,
    from duties

)

select * from final
order by duty_order, period_order, due_date, is_delivered, unit_name collate vi
