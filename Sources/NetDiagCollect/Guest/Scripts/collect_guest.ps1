# netdiag guest collector for Cloud Assistant (RunPowerShellScript) on Windows Server 2008 and
# later (PowerShell 2.0 or later; WMI rather than CIM cmdlets for that reason). It prints the same
# lines as collect_guest.py (docs/collect.md): SYSTEM, one FILE line per tool output, END.
# Not run by the test suite: no Windows machine is available to it (docs/collect.md says so).
$ErrorActionPreference = 'Continue'
$mark = 'NETDIAG-GUEST-1'
$collected = @{}
$files = @{}

function Invoke-Tool([string]$key, [string]$name, [string]$command) {
    $exe = $command.Split(' ')[0]
    if (-not (Get-Command $exe -ErrorAction SilentlyContinue)) { $collected[$key] = 'missing'; return }
    $out = [System.IO.Path]::GetTempFileName()
    $err = [System.IO.Path]::GetTempFileName()
    # cmd keeps the tool's bytes (code page, CRLF) exactly as it prints them.
    cmd.exe /c "$command > `"$out`" 2> `"$err`""
    $status = $LASTEXITCODE
    if ($status -eq 0) {
        $files[$name] = [System.IO.File]::ReadAllBytes($out)
        $collected[$key] = 'ok'
    } else {
        $line = (Get-Content $err | Where-Object { $_.Trim() -ne '' } | Select-Object -First 1)
        if (-not $line) { $line = "exit status $status" }
        $collected[$key] = "failed: $line"
    }
    Remove-Item $out, $err -ErrorAction SilentlyContinue
}

Invoke-Tool 'netsh' 'netsh-advfirewall.txt' 'netsh advfirewall show allprofiles && netsh advfirewall firewall show rule name=all verbose'
Invoke-Tool 'netstat' 'netstat.txt' 'netstat -ano'
Invoke-Tool 'tasklist' 'tasklist.csv' 'tasklist /svc /fo csv /nh'

function Round1([double]$v) { [math]::Round($v, 1) }
$os = Get-WmiObject Win32_OperatingSystem
$version = $os.Version
if ($os.Caption -match '(\d{4})') { $version = $Matches[1] }
$arch = 'x86'
if ($env:PROCESSOR_ARCHITECTURE -eq 'AMD64' -or $env:PROCESSOR_ARCHITEW6432 -eq 'AMD64') { $arch = 'x86_64' }
$cpu = (Get-WmiObject Win32_Processor | Measure-Object -Property LoadPercentage -Average).Average
$mem = 100 * ($os.TotalVisibleMemorySize - $os.FreePhysicalMemory) / $os.TotalVisibleMemorySize
$disk = Get-WmiObject Win32_LogicalDisk -Filter "DeviceID='$($env:SystemDrive)'"

function Quote([string]$s) { '"' + ($s -replace '\\', '\\' -replace '"', '\"') + '"' }
$fields = @(
    '"osType": "windows"', '"distribution": "windows-server"', ('"version": ' + (Quote $version)),
    ('"arch": ' + (Quote $arch)), '"cloudAssistant": true',
    ('"memoryPercent": ' + (Round1 $mem).ToString([Globalization.CultureInfo]::InvariantCulture))
)
if ($cpu -ne $null) { $fields += '"cpuPercent": ' + (Round1 $cpu).ToString([Globalization.CultureInfo]::InvariantCulture) }
if ($disk -and $disk.Size -gt 0) {
    $fields += '"diskPercent": ' + (Round1 (100 * ($disk.Size - $disk.FreeSpace) / $disk.Size)).ToString([Globalization.CultureInfo]::InvariantCulture)
}
$pairs = @($collected.Keys | Sort-Object | ForEach-Object { (Quote $_) + ': ' + (Quote $collected[$_]) })
$fields += '"collected": {' + ($pairs -join ', ') + '}'
$fields += '"collectedAt": ' + (Quote ((Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')))
Write-Output ("$mark SYSTEM {" + ($fields -join ', ') + '}')
foreach ($name in ($files.Keys | Sort-Object)) {
    Write-Output ("$mark FILE $name " + [Convert]::ToBase64String($files[$name]))
}
Write-Output "$mark END"
