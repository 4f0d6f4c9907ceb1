export default function Write() { return <div>Write</div>; }
