import { Outlet } from 'react-router-dom';
export default function CitizenLayout() { return <Outlet />; }
