#define BOOST_TEST_MODULE client_report
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "core/client_report.h"

using namespace vigil;

namespace {
std::uint64_t total_quantity(const Value& report) {
  std::uint64_t sum = 0;
  for (const auto& e : report.get("discarded_events").as_array()) {
    sum += static_cast<std::uint64_t>(e.get("quantity").as_int());
  }
  return sum;
}
}  // namespace

BOOST_AUTO_TEST_CASE(empty_reports_take_nothing) {
  ClientReports reports;
  BOOST_TEST(reports.empty());
  BOOST_TEST(!reports.take(1).has_value());
}

BOOST_AUTO_TEST_CASE(aggregates_by_reason_and_category) {
  ClientReports reports;
  reports.record(discard_reason::sample_rate, DataCategory::error);
  reports.record(discard_reason::sample_rate, DataCategory::error, 2);
  reports.record(discard_reason::sample_rate, DataCategory::transaction);
  reports.record(discard_reason::ratelimit_backoff, DataCategory::error, 5);
  BOOST_TEST(!reports.empty());
  BOOST_TEST(reports.count("sample_rate", DataCategory::error) == 3u);
  BOOST_TEST(reports.count("before_send", DataCategory::error) == 0u);
  auto report = reports.take(1700000000.25);
  BOOST_REQUIRE(report.has_value());
  BOOST_TEST(to_json(*report) ==
             R"({"timestamp":1700000000.25,"discarded_events":[)"
             R"({"reason":"sample_rate","category":"error","quantity":3},)"
             R"({"reason":"sample_rate","category":"transaction","quantity":1},)"
             R"({"reason":"ratelimit_backoff","category":"error","quantity":5}]})");
  BOOST_TEST(reports.empty());
  BOOST_TEST(!reports.take(2).has_value());
}

BOOST_AUTO_TEST_CASE(every_sdk_reason_is_accepted) {
  ClientReports reports;
  const std::string_view reasons[] = {
      discard_reason::sample_rate,       discard_reason::before_send,
      discard_reason::event_processor,   discard_reason::ratelimit_backoff,
      discard_reason::queue_overflow,    discard_reason::network_error,
      discard_reason::send_error,        discard_reason::buffer_overflow};
  for (auto r : reasons) reports.record(r, DataCategory::replay);
  auto report = reports.take(0);
  BOOST_REQUIRE(report.has_value());
  const Array& events = report->get("discarded_events").as_array();
  BOOST_REQUIRE_EQUAL(events.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    BOOST_TEST(events[i].get("reason").as_string() == reasons[i]);
    BOOST_TEST(events[i].get("category").as_string() == "replay");
  }
}

BOOST_AUTO_TEST_CASE(ignores_bad_records) {
  ClientReports reports;
  reports.record("sample_rate", DataCategory::error, 0);
  reports.record("sample_rate", DataCategory::unknown);
  for (const char* bad : {"", "Sample_Rate", "two words", "quote\"", "x\n", "\xC3\xA9"}) {
    reports.record(bad, DataCategory::error);
  }
  reports.record(std::string(65, 'a'), DataCategory::error);
  BOOST_TEST(reports.empty());
  reports.record(std::string(64, 'a'), DataCategory::error);
  BOOST_TEST(!reports.empty());
}

BOOST_AUTO_TEST_CASE(quantities_saturate) {
  ClientReports reports;
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  reports.record("send_error", DataCategory::attachment, max);
  reports.record("send_error", DataCategory::attachment, max);
  reports.record("send_error", DataCategory::attachment, 1);
  BOOST_TEST(reports.count("send_error", DataCategory::attachment) == 0x7fffffffffffffffULL);
  auto report = reports.take(0);
  BOOST_TEST(report->get("discarded_events").as_array()[0].get("quantity").as_int() ==
             std::numeric_limits<std::int64_t>::max());
}

BOOST_AUTO_TEST_CASE(records_category_counts) {
  ClientReports reports;
  reports.record("network_error", {{DataCategory::transaction, 1}, {DataCategory::span, 4},
                                   {DataCategory::span, 2}, {DataCategory::unknown, 9}});
  BOOST_TEST(reports.count("network_error", DataCategory::transaction) == 1u);
  BOOST_TEST(reports.count("network_error", DataCategory::span) == 6u);
  BOOST_TEST(reports.count("network_error", DataCategory::unknown) == 0u);
}

BOOST_AUTO_TEST_CASE(payloads_stay_under_4_kib_and_drain_fully) {
  ClientReports reports;
  std::uint64_t expected = 0;
  for (int i = 0; i < 200; ++i) {
    std::string reason = "reason_with_a_long_name_number_" + std::to_string(i);
    reports.record(reason, DataCategory::transaction, static_cast<std::uint64_t>(i + 1));
    expected += static_cast<std::uint64_t>(i + 1);
  }
  std::uint64_t seen = 0;
  int takes = 0;
  while (auto report = reports.take(1700000000.123)) {
    ++takes;
    BOOST_TEST(to_json(*report).size() <= kClientReportMaxBytes);
    BOOST_TEST(!report->get("discarded_events").as_array().empty());
    seen += total_quantity(*report);
    BOOST_REQUIRE_LT(takes, 100);
  }
  BOOST_TEST(takes > 1);
  BOOST_TEST(seen == expected);
  BOOST_TEST(reports.empty());
}

BOOST_AUTO_TEST_CASE(a_tiny_limit_still_makes_progress) {
  ClientReports reports(10);
  reports.record("a", DataCategory::error);
  reports.record("b", DataCategory::error);
  auto first = reports.take(0);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->get("discarded_events").as_array().size() == 1u);
  BOOST_TEST(reports.take(0).has_value());
  BOOST_TEST(reports.empty());
}

BOOST_AUTO_TEST_CASE(distinct_pairs_are_capped) {
  ClientReports reports(1 << 20);
  for (std::size_t i = 0; i < ClientReports::kMaxEntries + 10; ++i) {
    reports.record("r" + std::to_string(i), DataCategory::error);
  }
  BOOST_TEST(reports.count("r0", DataCategory::error) == 1u);
  BOOST_TEST(reports.count("r" + std::to_string(ClientReports::kMaxEntries), DataCategory::error) == 0u);
  // Existing pairs still count up past the cap.
  reports.record("r0", DataCategory::error, 4);
  BOOST_TEST(reports.count("r0", DataCategory::error) == 5u);
  auto report = reports.take(0);
  BOOST_TEST(report->get("discarded_events").as_array().size() == ClientReports::kMaxEntries);
}
