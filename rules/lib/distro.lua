-- Which operating system a guest runs, and whether the OS checks support it (see
-- docs/guest-os-rules.md, "Prerequisites"). Real inputs name the same OS many ways: os-release
-- `ID` (`centos`), display names in any case (`CentOS`, `Rocky Linux`, `Alibaba Cloud Linux`),
-- full version strings (`7.9.2009`, `10.13`), or only the image name DescribeInstances reports
-- (`OSNameEn` `CentOS  7.9 64 bit`). All of them are read here, in one place.

local M = {}

--- Supported x86_64 Linux systems (the reference's "Guest-OS checks need"): os-release IDs,
--- display names (lower case, longest first when one is a prefix of another) and versions.
--- A listed version covers its dotted sub-versions: `7` covers `7.9.2009`, `8.2` only `8.2.x`.
M.supported = {
  { ids = { "alinux", "aliyun" }, names = { "alibaba cloud linux", "aliyun linux" }, label = "Alibaba Cloud Linux", versions = { "2", "3" } },
  { ids = { "almalinux" }, names = { "almalinux os", "almalinux" }, label = "AlmaLinux", versions = { "8" } },
  { ids = { "anolis" }, names = { "anolis os", "anolis" }, label = "Anolis OS", versions = { "7", "8.2" } },
  { ids = { "centos" }, names = { "centos stream", "centos linux", "centos" }, label = "CentOS / CentOS Stream", versions = { "7", "8" } },
  { ids = { "debian" }, names = { "debian gnu/linux", "debian" }, label = "Debian", versions = { "8", "9", "10" } },
  { ids = { "fedora" }, names = { "fedora linux", "fedora" }, label = "Fedora", versions = { "33", "34" } },
  { ids = { "opensuse-leap", "opensuse" }, names = { "opensuse leap", "opensuse" }, label = "openSUSE", versions = { "15", "42" } },
  { ids = { "rocky" }, names = { "rocky linux", "rocky" }, label = "Rocky Linux", versions = { "8" } },
  { ids = { "sles", "sles_sap" }, names = { "suse linux enterprise server", "suse linux enterprise", "suse linux", "sles", "suse" },
    label = "SUSE Linux Enterprise Server", versions = { "12", "15" } },
  { ids = { "ubuntu" }, names = { "ubuntu" }, label = "Ubuntu", versions = { "20.04" } },
}

--- Windows Server 2008 or later (a year, or an NT version 6.0 and up).
M.windows_min_year = 2008

local function normalize(s)
  s = tostring(s or ""):lower():gsub("[%s_]+", " ")
  return (s:gsub("^ ", ""):gsub(" $", ""))
end

--- The leading dotted number of a version text: `7.9.2009`, `20.04` of `20.04.6 LTS`, `15` of `15 SP3`.
local function version_number(s)
  return tostring(s or ""):match("^%s*[vV]?(%d+[%.%d]*%d)") or tostring(s or ""):match("^%s*(%d+)")
end

local function version_matches(want, have)
  if have == nil then return false end
  return have == want or have:sub(1, #want + 1) == want .. "."
end

--- The entry a name stands for, and the text after the name (where a display name carries its
--- version): an os-release ID or a display name alone, or a display name followed by more words.
local function entry_for(name)
  local n = normalize(name)
  if n == "" then return nil end
  for _, e in ipairs(M.supported) do
    for _, id in ipairs(e.ids) do if n == id then return e, "" end end
  end
  local best, best_len, rest
  for _, e in ipairs(M.supported) do
    for _, candidate in ipairs(e.names) do
      local after = n:sub(#candidate + 1, #candidate + 1)
      if n:sub(1, #candidate) == candidate and (after == "" or not after:match("[%a]")) and #candidate > (best_len or 0) then
        best, best_len, rest = e, #candidate, n:sub(#candidate + 1)
      end
    end
  end
  return best, rest
end

--- What the guest is, from system.json and, where it says nothing, the instance's `OSType`,
--- `OSNameEn` and `OSName`. Returns { osType, label, entry (a supported entry or nil), version,
--- source (where the name came from), year (Windows) }.
function M.identify(sys, instance)
  local os_type = normalize(sys.osType)
  if os_type == "" and instance then os_type = normalize(instance.osType) end
  local out = { osType = os_type, version = "" }
  local name, source = sys.distribution or "", "system.json"
  local version = version_number(sys.version)
  local image = instance and (instance.osNameEn ~= "" and instance.osNameEn or instance.osName) or ""
  if normalize(name) == "" then name, source = image, "the instance's OS name" end
  out.source = source
  if os_type == "windows" then
    local text = (sys.version or "") .. " " .. name .. " " .. image
    out.year = tonumber(text:match("(%d%d%d%d)"))
    out.nt = tonumber(tostring(sys.version or ""):match("^%s*(%d+%.?%d*)"))
    out.version = sys.version ~= "" and sys.version or (out.year and tostring(out.year) or "")
    out.label = "Windows " .. (out.version ~= "" and out.version or "(unknown version)")
    return out
  end
  local entry, rest = entry_for(name)
  out.entry = entry
  if entry and version == nil then
    version = rest and rest:match("(%d+[%.%d]*)")
    -- system.json names the OS but not its version: the image name may carry it.
    if version == nil and source == "system.json" then
      local image_entry, image_rest = entry_for(image)
      version = image_entry == entry and image_rest:match("(%d+[%.%d]*)") or nil
      if version then out.source = "system.json and the instance's OS name" end
    end
  end
  out.version = version or ""
  local shown = normalize(name) ~= "" and name or (os_type ~= "" and os_type or "unknown OS")
  out.label = shown .. ((version and not name:find(version, 1, true)) and (" " .. version) or "")
  return out
end

--- nil when the OS checks support `id` (a result of identify); else the reason they do not.
function M.unsupported(id)
  if id.osType == "windows" then
    local ok = (id.year and id.year >= M.windows_min_year) or (not id.year and id.nt and id.nt >= 6 and id.nt < 100)
    if ok then return nil end
    return "OS checks need Windows Server 2008 or later"
  end
  if id.osType ~= "linux" then
    return "OS type '" .. id.osType .. "': OS checks need Linux or Windows"
  end
  if id.entry == nil then return "not a supported OS for the OS checks (see docs/guest-os-rules.md)" end
  if id.version == "" then return "its version is unknown, and the OS checks support " .. id.entry.label
    .. " " .. table.concat(id.entry.versions, ", ") .. " only" end
  for _, v in ipairs(id.entry.versions) do
    if version_matches(v, id.version) then return nil end
  end
  return "the OS checks support " .. id.entry.label .. " " .. table.concat(id.entry.versions, ", ") .. " only"
end

return M
