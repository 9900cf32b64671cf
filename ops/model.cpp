#include "ops/model.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace ops {

TimeMs NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), so parsing needs neither timegm nor the TZ database.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string FormatTime(TimeMs t) {
  using namespace std::chrono;
  const sys_days day{days{t >= 0 ? t / kDay : (t - kDay + 1) / kDay}};
  const year_month_day ymd{day};
  const TimeMs in_day = t - day.time_since_epoch().count() * kDay;
  const int h = static_cast<int>(in_day / kHour);
  const int m = static_cast<int>(in_day / kMinute % 60);
  const int s = static_cast<int>(in_day / 1000 % 60);
  const int ms = static_cast<int>(in_day % 1000);
  std::string out =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), h, m, s);
  if (ms) out += fmt::format(".{:03}", ms);
  return out + "Z";
}

std::optional<TimeMs> ParseTime(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, h) || s[13] != ':' || !Digits(s, 14, 2, mi) || s[16] != ':' ||
      !Digits(s, 17, 2, se)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100, digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits++ < 3) ms += (s[pos] - '0') * scale, scale /= 10;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // no zone
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh)) return std::nullopt;
    size_t p = pos + 3;
    if (p < s.size() && s[p] == ':') ++p;
    if (!Digits(s, p, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
    pos = p + 2;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * kDay + h * kHour + mi * kMinute + std::min(se, 59) * 1000 + ms -
         offset_min * kMinute;
}

AlertState NextAlertState(const SensorSpec& spec, AlertState current, double value) {
  // Work in "danger" units, where larger is worse whatever the direction.
  const double sign = spec.falling ? -1.0 : 1.0;
  const double v = sign * value, warn = sign * spec.warn, alarm = sign * spec.alarm;
  const double h = std::abs(spec.hysteresis);
  if (v >= alarm) return AlertState::kAlarm;
  if (current == AlertState::kAlarm && v > alarm - h) return AlertState::kAlarm;
  if (v >= warn) return AlertState::kWarn;
  if (current != AlertState::kNormal && v > warn - h) return AlertState::kWarn;
  return AlertState::kNormal;
}

}  // namespace ops
